import { DateTime } from 'luxon';

/** The source of "now", passed in so rules and reminders are testable without fake timers. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The municipality's time zone: deadlines, calendars and card dates are in Danish time. */
export const ZONE = 'Europe/Copenhagen';

/**
 * Today's date (`yyyy-mm-dd`) on Danish clocks. A date typed on a card is "in the future" only after
 * this — not after midnight UTC, which would refuse today between 00:00 and 01:00/02:00 Danish time.
 */
export const danishToday = (now: Date): string => DateTime.fromJSDate(now, { zone: ZONE }).toISODate() as string;
