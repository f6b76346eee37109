import { ZONE } from '../../clock';
import { DateTime } from 'luxon';

/** Reviews fall due on the municipality's calendar and clock. */

/** The months a quarterly risk review falls in (P6). */
export const quarterMonths = [1, 4, 7, 10] as const;

/** Options for which days count as days off. */
export interface CalendarOptions {
  /**
   * Also treat grundlovsdag (5 June), juleaftensdag (24 December) and nytårsaftensdag (31 December) as days off.
   * They are not public holidays, but most municipal offices close on them. Default false.
   */
  includeCustomaryDaysOff?: boolean;
}

/** When in the day a review reminder falls due, in Danish time; 09:00 by default. */
export interface DueTimeOptions extends CalendarOptions {
  hour?: number;
  minute?: number;
}

/** Easter Sunday (`yyyy-mm-dd`) by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: ZONE }).toISODate() as string;
}

/**
 * The Danish public holidays (*helligdage*) of a year as sorted `yyyy-mm-dd` dates: nytårsdag, skærtorsdag,
 * langfredag, påskedag, 2. påskedag, store bededag (only until 2023), Kristi himmelfartsdag, pinsedag,
 * 2. pinsedag, juledag and 2. juledag.
 *
 * @remarks P6, P7. Store bededag (the fourth Friday after Easter) was abolished as a public holiday from 2024.
 * Grundlovsdag, juleaftensdag and nytårsaftensdag are added only with `includeCustomaryDaysOff`.
 */
export function danishPublicHolidays(year: number, options: CalendarOptions = {}): string[] {
  const easter = DateTime.fromISO(easterSunday(year), { zone: ZONE });
  const fromEaster = [-3, -2, 0, 1, ...(year <= 2023 ? [26] : []), 39, 49, 50].map(
    (days) => easter.plus({ days }).toISODate() as string,
  );
  const fixed = ['01-01', '12-25', '12-26', ...(options.includeCustomaryDaysOff ? ['06-05', '12-24', '12-31'] : [])];
  return [...fromEaster, ...fixed.map((monthDay) => `${year}-${monthDay}`)].sort();
}

/** Whether the day an instant falls on in Danish time is a working day: Monday to Friday and not a day off. */
export function isWorkingDay(date: Date, options: CalendarOptions = {}): boolean {
  return isWorkingDate(DateTime.fromJSDate(date, { zone: ZONE }), options);
}

/** The first working day of a month (`month` 1–12) as `yyyy-mm-dd`. */
export function firstWorkingDayOfMonth(year: number, month: number, options: CalendarOptions = {}): string {
  return firstWorkingDate(year, month, options).toISODate() as string;
}

/**
 * When the next quarterly risk review falls due: the first working day of January, April, July or October at
 * 09:00 Danish time (or `hour`:`minute`), strictly after `after`.
 *
 * @remarks P6. 1 January is always a holiday, so January's review is on 2 January at the earliest.
 */
export function nextQuarterlyReviewAt(after: Date, options: DueTimeOptions = {}): Date {
  return nextDueAt(after, quarterMonths, options);
}

/**
 * When the quarterly risk review of the quarter `at` falls in fell (or falls) due: the first working
 * day of the quarter's first month, at 09:00 Danish time (or `hour`:`minute`).
 *
 * @remarks P6: the review a coordinator or manager asks for is this quarter's, whether or not the
 * scheduled post of it happened (a fresh install, a post that failed).
 */
export function quarterlyReviewDueIn(at: Date, options: DueTimeOptions = {}): Date {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  const quarterStart = local.set({ month: Math.floor((local.month - 1) / 3) * 3 + 1 }).startOf('month');
  return nextQuarterlyReviewAt(quarterStart.minus({ milliseconds: 1 }).toJSDate(), options);
}

/**
 * When the annual approval of the overall risk assessment next falls due: the first working day of `month`
 * (1–12) at 09:00 Danish time (or `hour`:`minute`), strictly after `after`.
 *
 * @remarks P7.
 */
export function nextAnnualApprovalAt(after: Date, month: number, options: DueTimeOptions = {}): Date {
  return nextDueAt(after, [month], options);
}

function nextDueAt(after: Date, months: readonly number[], options: DueTimeOptions): Date {
  const { hour = 9, minute = 0 } = options;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0–23, got ${hour}`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59)
    throw new RangeError(`minute must be 0–59, got ${minute}`);
  const year = DateTime.fromJSDate(after, { zone: ZONE }).year;
  for (const candidateYear of [year, year + 1]) {
    for (const month of months) {
      const due = firstWorkingDate(candidateYear, month, options).set({ hour, minute }).toJSDate();
      if (due.getTime() > after.getTime()) return due;
    }
  }
  // Unreachable: the first candidate of the following year is always later than `after`.
  throw new Error('no due time found');
}

function firstWorkingDate(year: number, month: number, options: CalendarOptions): DateTime {
  assertYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1–12, got ${month}`);
  let day = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  while (!isWorkingDate(day, options)) day = day.plus({ days: 1 });
  return day;
}

function isWorkingDate(day: DateTime, options: CalendarOptions): boolean {
  return day.weekday <= 5 && !danishPublicHolidays(day.year, options).includes(day.toISODate() as string);
}

function assertYear(year: number): void {
  // The Gregorian computus holds from 1583; luxon's dates end at year 9999.
  if (!Number.isInteger(year) || year < 1583 || year > 9999)
    throw new RangeError(`year must be 1583–9999, got ${year}`);
}
