import { DateTime } from 'luxon';

import { ZONE } from '../../clock';

export { ZONE };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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

/**
 * The NIS2 art. 23 deadlines for a significant incident, one per step. The final report has none
 * while a progress report stands in for it and the incident is not yet handled (see {@link nis2Deadlines}).
 */
export interface Nis2Deadlines {
  earlyWarning: Date;
  notification: Date;
  finalReport: Date | undefined;
}

/** What moves the final report (NIS2 art. 23(4)(e)): a progress report sent, and when the incident was handled. */
export interface Nis2Ongoing {
  /** When the first progress report (*statusrapport*) was sent, if one was. */
  progressReportAt?: Date;
  /** When the incident was handled (resolved or closed, `handled.ts`), if it is. */
  handledAt?: Date;
}

const plusMonth = (at: Date): Date => DateTime.fromJSDate(at, { zone: ZONE }).plus({ months: 1 }).toJSDate();

/**
 * NIS2 art. 23(4): early warning within 24 hours of awareness, incident notification within 72
 * hours, final report within one month (a calendar month in Danish time) of the notification —
 * unless the incident was still ongoing then and a progress report was sent in its place (point
 * (e)): the final report is then due one month after the incident was handled, and has no deadline
 * until it is.
 *
 * @remarks P3. The month runs from when the notification was sent, once that is recorded; until
 * then from the notification's deadline, the latest it may be sent on time. "Handled" is the
 * incident's state resolved or closed (`handled.ts`).
 */
export function nis2Deadlines(awarenessAt: Date, notificationSentAt?: Date, ongoing: Nis2Ongoing = {}): Nis2Deadlines {
  const notification = new Date(awarenessAt.getTime() + 72 * HOUR);
  const finalReport = ongoing.progressReportAt
    ? ongoing.handledAt && plusMonth(ongoing.handledAt)
    : plusMonth(notificationSentAt ?? notification);
  return { earlyWarning: new Date(awarenessAt.getTime() + 24 * HOUR), notification, finalReport };
}

/** Whole hours left until a deadline (negative when passed). */
export const hoursLeft = (deadline: Date, now: Date): number => Math.floor((deadline.getTime() - now.getTime()) / HOUR);

/**
 * The time between a deadline and an instant as message values: whole hours, and whole minutes for
 * the last hour — `{ hours: 0, minutes: 59 }` reads "59 minutter tilbage", not "0 timer tilbage".
 *
 * @remarks P12. Never negative: whether the deadline has passed is told by {@link hoursLeft}.
 */
export function timeApart(deadline: Date, at: Date): { hours: number; minutes: number } {
  const ms = Math.abs(deadline.getTime() - at.getTime());
  return { hours: Math.floor(ms / HOUR), minutes: Math.floor(ms / MINUTE) };
}

/**
 * Year, month, day, hour and minute of an instant on Danish clocks.
 *
 * @remarks One `Intl.DateTimeFormat`, made once, instead of luxon per call: cards show many dates,
 * and luxon's time-zone arithmetic was the largest part of building the triage card (bench B1).
 * `test/unit/deadlines-format.test.ts` checks the result against luxon across summer and winter time.
 */
const danishClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function localParts(at: Date | string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of danishClock.formatToParts(new Date(at))) parts[part.type] = part.value;
  return parts as unknown as LocalParts;
}

/** English short month names as `Intl` gives them for en-GB (`Sept`, not `Sep`), by month number. */
const englishMonths = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, i, 15))),
);

const englishDate = ({ year, month, day }: LocalParts): string =>
  `${Number(day)} ${englishMonths[Number(month) - 1]} ${year}`;

/** `31.03.2026 kl. 11:00` / `31 Mar 2026 11:00` in Danish time. */
export function formatLocal(at: Date | string, locale: 'da' | 'en'): string {
  const parts = localParts(at);
  const time = `${parts.hour}:${parts.minute}`;
  return locale === 'da' ? `${parts.day}.${parts.month}.${parts.year} kl. ${time}` : `${englishDate(parts)} ${time}`;
}

/** `31.03.2026` / `31 Mar 2026`, a date in Danish time. */
export function formatDate(at: Date | string, locale: 'da' | 'en'): string {
  const parts = localParts(at);
  return locale === 'da' ? `${parts.day}.${parts.month}.${parts.year}` : englishDate(parts);
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
  const parts = localParts(at);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
