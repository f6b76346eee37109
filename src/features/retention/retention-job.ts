import type { Job } from '../../platform/scheduler/jobs';
import { nextLocalTime } from '../../platform/scheduler/local-time';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import type { RetentionReport } from './run';

/** The job kind of the bot's own weekly retention run (P11). */
export const RETENTION_RUN = 'retention.weekly';

/** Monday night, when nobody is triaging: 03:00 Danish time. */
const WEEKDAY = 1;
const HOUR = 3;

/**
 * The first Monday 03:00 Danish time strictly after `after`; the job's id is that time, so every
 * instance that starts names the same job (scheduling it again is a no-op).
 */
export function nextRetentionJob(after: Date): Job {
  const dueAt = nextLocalTime(after, HOUR, WEEKDAY).toISOString();
  return { id: `${RETENTION_RUN}:${dueAt}`, kind: RETENTION_RUN, dueAt, payload: {} };
}

export interface RetentionJobDeps {
  /** Off: a job scheduled while it was on runs nothing and schedules no next one. */
  automatic: boolean;
  run: () => Promise<RetentionReport>;
}

/**
 * Every Monday night: anonymises what has passed its retention period, exactly as
 * `npm run retention` does (the run records itself in the audit log), then schedules next week's.
 *
 * @remarks A run that fails (storage down) fails the job, which the scheduler retries; what it had
 * anonymised stays anonymised and is not due again. After downtime the late run happens once and
 * the next one is the Monday after it, not a burst of missed ones. The outcome holds counts only.
 */
export function retentionRunHandler(deps: RetentionJobDeps): JobHandler {
  return async (job, context) => {
    if (!deps.automatic) return { outcome: 'automatic retention is off; not run' };
    const report = await deps.run();
    const from = new Date(Math.max(new Date(job.dueAt).getTime(), context.now.getTime()));
    return {
      outcome:
        `anonymised ${report.incidents.anonymised.length} incident(s), ${report.screenings.anonymised.length} ` +
        `screening(s), ${report.referrals.anonymised.length} referral(s); ${report.conflicts.length} changed during the run`,
      next: [nextRetentionJob(from)],
    };
  };
}
