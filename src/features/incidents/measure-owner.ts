import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import type { Measure } from './model';

/** Where a measure stands with its owner, as the coordinator sees it (#20). */
export type OwnerStatus = 'done' | 'freeText' | 'unreachable' | 'notSent' | 'notified';

/**
 * A measure's standing with its owner: done; an owner typed as text before owners were people (never
 * sent); an owner the bot could not reach; not sent yet; or sent and not done (not acted on).
 */
export function ownerStatus(measure: Pick<Measure, 'done' | 'ownerId' | 'notifiedAt' | 'unreachableAt'>): OwnerStatus {
  if (measure.done) return 'done';
  if (!measure.ownerId) return 'freeText';
  if (measure.unreachableAt) return 'unreachable';
  return measure.notifiedAt ? 'notified' : 'notSent';
}

/** Days from `today` to `date` (both yyyy-mm-dd, Danish calendar days); negative when past. */
export const daysUntil = (today: string, date: string): number =>
  Math.round(
    DateTime.fromISO(date, { zone: ZONE })
      .startOf('day')
      .diff(DateTime.fromISO(today, { zone: ZONE }).startOf('day'), 'days').days,
  );

/** How many days before the due date the owner is reminded once. */
export const REMIND_DAYS_BEFORE = 2;
/** After the due date the owner is reminded the day after, then once a week. */
export const REMIND_LATE_EVERY_DAYS = 7;

/**
 * Whether an open measure's owner is reminded on `today` (#20: at a pace people accept): once two
 * days before the due date, the day after it, then weekly while it stays open. Nothing on other days.
 */
export function ownerReminderToday(measure: Pick<Measure, 'dueDate'>, today: string): 'before' | 'late' | undefined {
  const days = daysUntil(today, measure.dueDate);
  if (days === REMIND_DAYS_BEFORE) return 'before';
  if (days < 0 && (-days - 1) % REMIND_LATE_EVERY_DAYS === 0) return 'late';
  return undefined;
}
