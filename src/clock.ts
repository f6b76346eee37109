/** The source of "now", passed in so rules and reminders are testable without fake timers. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
