import { DateTime } from 'luxon';
import type { Notifier } from '../../platform/notifier';
import { ZONE } from '../../clock';
import type { Logger } from '../../logger';
import type { ConversationRepository } from '../access/conversations';
import { nextAnnualApprovalAt, type DueTimeOptions } from '../reviews/calendar';
import { annualPromptCard } from '../reviews/cards';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { annualAssessmentApprovedFor } from './annual-rule';
import type { ApprovalService } from './service';

/** The job kind that prompts for (and keeps prompting for) the annual overall risk assessment (P7). */
export const ANNUAL_APPROVAL = 'approvals.annual';
const WEEK = 7 * 86_400_000;

/** When the annual prompt falls due: the first working day of `month`, at the review time. */
export interface AnnualSchedule extends DueTimeOptions {
  month: number;
}

/** The next annual prompt after `after` (its id is the due time, the same on every instance). */
export function nextAnnualApprovalJob(after: Date, schedule: AnnualSchedule): Job {
  const dueAt = nextAnnualApprovalAt(after, schedule.month, schedule).toISOString();
  const year = DateTime.fromISO(dueAt, { zone: ZONE }).year;
  return { id: `${ANNUAL_APPROVAL}:${dueAt}`, kind: ANNUAL_APPROVAL, dueAt, payload: { year, week: 0 } };
}

/**
 * Posts the annual prompt to the management and coordinator channels, then again every week
 * until an overall risk assessment counts as approved for that year (`annualAssessmentApprovedFor`);
 * each prompt once per channel.
 */
export function annualApprovalHandler(deps: {
  approvals: ApprovalService;
  conversations: ConversationRepository;
  notifier: Notifier;
  logger: Logger;
  schedule: AnnualSchedule;
}): JobHandler {
  return async (job, context) => {
    const year = Number(job.payload.year);
    const week = Number(job.payload.week ?? 0);
    const next: Job[] = week === 0 ? [nextAnnualApprovalJob(new Date(job.dueAt), deps.schedule)] : [];
    const approved = annualAssessmentApprovedFor(await deps.approvals.list(200), year);
    if (approved) return { outcome: `${year} approved; no prompt`, next };
    const card = annualPromptCard('da', year, week > 0, context.late);
    for (const purpose of ['management', 'coordinator'] as const) {
      const channel = await deps.conversations.channelFor(purpose);
      if (!channel) {
        deps.logger.warn({ purpose }, 'no channel registered for the annual approval prompt');
        continue;
      }
      await context.deliverOnce(`${job.id}|${purpose}`, () => deps.notifier.send(channel, card));
    }
    // After downtime, count from now: one late prompt, not a burst of missed ones.
    const following = new Date(Math.max(new Date(job.dueAt).getTime(), context.now.getTime()) + WEEK);
    next.push({
      id: `${ANNUAL_APPROVAL}:${year}:week-${week + 1}`,
      kind: ANNUAL_APPROVAL,
      dueAt: following.toISOString(),
      payload: { year, week: week + 1 },
    });
    return { outcome: `${year} prompt ${week}`, next };
  };
}
