import { DateTime } from 'luxon';

import { ZONE } from '../../clock';
import type { Nis2Step } from './model';

export { ZONE };

const HOUR = 3_600_000;

/**
 * The GDPR art. 33 notification deadline: 72 hours after awareness.
 *
 * @remarks P3. 72 elapsed hours, not three calendar days: across a daylight-saving change the
 * local clock time of the deadline moves by an hour, which {@link formatLocal} shows correctly.
 */
export const gdprDeadline = (awarenessAt: Date): Date => new Date(awarenessAt.getTime() + 72 * HOUR);

/**
 * When the coordinator is reminded about an undecided breach: 24 h, 48 h and 66 h after awareness
 * (48, 24 and 6 hours left), then at the deadline itself.
 *
 * @remarks P3. Reminders stop once the decision (notify or not, with justification) is recorded.
 */
export const breachReminderTimes = (awarenessAt: Date): Date[] =>
  [24, 48, 66, 72].map((hours) => new Date(awarenessAt.getTime() + hours * HOUR));

/** The NIS2 art. 23 deadlines for a significant incident, one per step. */
export type Nis2Deadlines = Record<Nis2Step, Date>;

/**
 * NIS2 art. 23(4): early warning within 24 hours of awareness, incident notification within 72
 * hours, final report within one month (a calendar month in Danish time) of the notification.
 *
 * @remarks P3. The month runs from when the notification was sent, once that is recorded; until
 * then from the notification's deadline, the latest it may be sent on time.
 */
export function nis2Deadlines(awarenessAt: Date, notificationSentAt?: Date): Nis2Deadlines {
  const notification = new Date(awarenessAt.getTime() + 72 * HOUR);
  const finalReport = DateTime.fromJSDate(notificationSentAt ?? notification, { zone: ZONE })
    .plus({ months: 1 })
    .toJSDate();
  return { earlyWarning: new Date(awarenessAt.getTime() + 24 * HOUR), notification, finalReport };
}

/** Whole hours left until a deadline (negative when passed). */
export const hoursLeft = (deadline: Date, now: Date): number => Math.floor((deadline.getTime() - now.getTime()) / HOUR);

/** `31.03.2026 kl. 11:00` / `31 Mar 2026 11:00` in Danish time. */
export function formatLocal(at: Date | string, locale: 'da' | 'en'): string {
  const dt = DateTime.fromJSDate(new Date(at), { zone: ZONE });
  return locale === 'da' ? dt.toFormat("dd.MM.yyyy 'kl.' HH:mm") : dt.setLocale('en-GB').toFormat('d LLL yyyy HH:mm');
}

/** `31.03.2026` / `31 Mar 2026`, a date in Danish time. */
export function formatDate(at: Date | string, locale: 'da' | 'en'): string {
  const dt = DateTime.fromJSDate(new Date(at), { zone: ZONE });
  return locale === 'da' ? dt.toFormat('dd.MM.yyyy') : dt.setLocale('en-GB').toFormat('d LLL yyyy');
}

/**
 * Reads a date (`yyyy-mm-dd`) and optional time (`HH:mm`) from card inputs as Danish local time.
 * Undefined when the date is missing or not a real date.
 */
export function parseLocal(date: unknown, time: unknown): Date | undefined {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const clock = typeof time === 'string' && /^\d{2}:\d{2}(:\d{2})?$/.test(time) ? time.slice(0, 5) : '00:00';
  const dt = DateTime.fromISO(`${date}T${clock}`, { zone: ZONE });
  return dt.isValid ? dt.toJSDate() : undefined;
}

/** The year an instant falls in, in Danish time (an incident reported 31 Dec 23:30 belongs to that year). */
export const localYear = (at: Date): number => DateTime.fromJSDate(at, { zone: ZONE }).year;

/** `yyyy-mm-dd` and `HH:mm` of an instant in Danish time, for pre-filling card inputs. */
export function toLocalInputs(at: Date | string): { date: string; time: string } {
  const dt = DateTime.fromJSDate(new Date(at), { zone: ZONE });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') };
}
