/** The source of "now", passed in so rules and reminders are testable without fake timers. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The municipality's time zone: deadlines, calendars and card dates are in Danish time. */
export const ZONE = 'Europe/Copenhagen';
