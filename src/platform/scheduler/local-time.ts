import { DateTime } from 'luxon';

import { ZONE } from '../../clock';

/**
 * The first `hour`:00 Danish time strictly after `after` — on `weekday` (1 = Monday … 7 = Sunday)
 * when given, else on any day. Summer and winter time are Denmark's, so the UTC time moves with them.
 */
export function nextLocalTime(after: Date, hour: number, weekday?: number): Date {
  const local = DateTime.fromJSDate(after, { zone: ZONE });
  let at = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  while ((weekday !== undefined && at.weekday !== weekday) || at <= local) at = at.plus({ days: 1 }).set({ hour });
  return at.toJSDate();
}
