import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import type { ApprovalItem } from './model';

/** When each version of the overall risk assessment was approved (every approved round, any item). */
const approvalTimes = (items: readonly ApprovalItem[]): DateTime[] =>
  items
    .filter((item) => item.kind === 'annualRiskAssessment')
    .flatMap((item) => item.rounds)
    .filter((round) => round.outcome === 'approved' && round.closedAt)
    .map((round) => DateTime.fromISO(round.closedAt as string, { zone: ZONE }));

/**
 * Whether the overall risk assessment counts as approved for `year`'s annual prompt.
 *
 * @remarks P7: a version approved in the year itself counts; so does a version approved in
 * December of the year before, as long as it is the latest approved version (the management group
 * approved the coming year's assessment early, and nothing has been approved since). Danish time.
 */
export function annualAssessmentApprovedFor(items: readonly ApprovalItem[], year: number): boolean {
  const times = approvalTimes(items);
  if (times.some((time) => time.year === year)) return true;
  const latest = times.reduce<DateTime | undefined>((max, time) => (!max || time > max ? time : max), undefined);
  return latest !== undefined && latest.year === year - 1 && latest.month === 12;
}
