import type { Job } from '../scheduler/jobs';
import { nextLocalTime } from '../scheduler/local-time';
import type { JobHandler } from '../scheduler/scheduler';

/** The job kind that clears expired rows nobody will read again. */
export const HOUSEKEEPING = 'housekeeping.daily';

/** Every night at 04:00 Danish time, after the Monday retention run. */
const HOUR = 4;

export function nextHousekeepingJob(after: Date): Job {
  const dueAt = nextLocalTime(after, HOUR).toISOString();
  return { id: `${HOUSEKEEPING}:${dueAt}`, kind: HOUSEKEEPING, dueAt, payload: {} };
}

/** Storage that holds rows with an expiry and can delete the expired ones; answers how many it deleted. */
export interface ExpiringRows {
  sweepExpired(now: Date): Promise<number>;
}

/**
 * Nightly: deletes the de-duplication keys of deliveries (kept 24 hours for Teams' retries) and the
 * one-time CSV download grants nobody used (they name the coordinator who asked) once expired.
 *
 * @remarks Each delete is conditional on the row as read, so a key another instance takes over at
 * the same moment is left alone. A failed sweep fails the job, which the scheduler retries; the
 * next night's sweep would find the same rows anyway.
 */
export function housekeepingHandler(deps: {
  deliveries: ExpiringRows;
  exports: ExpiringRows;
  /** Uploaded register files nobody imported within a day (P4 import). */
  imports?: ExpiringRows;
}): JobHandler {
  return async (job, context) => {
    const deliveries = await deps.deliveries.sweepExpired(context.now);
    const exports = await deps.exports.sweepExpired(context.now);
    const imports = (await deps.imports?.sweepExpired(context.now)) ?? 0;
    const from = new Date(Math.max(new Date(job.dueAt).getTime(), context.now.getTime()));
    return {
      outcome: `removed ${deliveries} expired delivery key(s), ${exports} unused download grant(s) and ${imports} expired upload(s)`,
      next: [nextHousekeepingJob(from)],
    };
  };
}
