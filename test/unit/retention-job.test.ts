import { nextRetentionJob, RETENTION_RUN, retentionRunHandler } from '../../src/features/retention/retention-job';
import type { RetentionReport } from '../../src/features/retention/run';
import type { ClaimedJob } from '../../src/platform/scheduler/jobs';
import type { JobContext } from '../../src/platform/scheduler/scheduler';

describe('the weekly retention run falls due every Monday at 03:00 Danish time', () => {
  it.each([
    // after (UTC)                 next run (UTC)              why
    ['2026-11-29T12:00:00.000Z', '2026-11-30T02:00:00.000Z'], // Sunday → the next morning (CET, UTC+1)
    ['2026-11-30T01:59:59.999Z', '2026-11-30T02:00:00.000Z'], // Monday 02:59 → the same night
    ['2026-11-30T02:00:00.000Z', '2026-12-07T02:00:00.000Z'], // at the time itself → a week later
    ['2026-12-31T23:30:00.000Z', '2027-01-04T02:00:00.000Z'], // across the new year
    ['2027-03-27T12:00:00.000Z', '2027-03-29T01:00:00.000Z'], // summer time from 28 March (CEST, UTC+2)
    ['2027-10-30T12:00:00.000Z', '2027-11-01T02:00:00.000Z'], // winter time from 31 October
  ])('after %s → %s', (after, due) => {
    const job = nextRetentionJob(new Date(after));
    expect(job).toEqual({ id: `${RETENTION_RUN}:${due}`, kind: RETENTION_RUN, dueAt: due, payload: {} });
  });
});

describe('the retention job handler', () => {
  const report: RetentionReport = {
    dryRun: false,
    incidents: { cutoff: '', anonymised: [{ label: 'HÆN-2019-0001', since: '2019-03-04' }], historyRows: 2 },
    screenings: { cutoff: '', anonymised: [] },
    referrals: { cutoff: '', anonymised: [] },
    conflicts: [],
    earlierRunsRecorded: 0,
  };
  const job = (dueAt: string): ClaimedJob => ({
    ...nextRetentionJob(new Date(new Date(dueAt).getTime() - 1)),
    leaseUntil: '',
    claim: '',
  });
  const context = (now: string): JobContext => ({
    now: new Date(now),
    late: false,
    deliverOnce: () => Promise.reject(new Error('the retention run sends nothing')),
  });

  it('runs, reports counts only (no incident numbers) and schedules the next Monday', async () => {
    let runs = 0;
    const handler = retentionRunHandler({ automatic: true, run: async () => (runs++, report) });
    const result = await handler(job('2026-11-30T02:00:00.000Z'), context('2026-11-30T02:00:05.000Z'));
    expect(runs).toBe(1);
    expect(result.outcome).toBe('anonymised 1 incident(s), 0 screening(s), 0 referral(s); 0 changed during the run');
    expect(result.outcome).not.toContain('HÆN');
    expect(result.next?.map((next) => next.dueAt)).toEqual(['2026-12-07T02:00:00.000Z']);
  });

  it('a job left from before the switch was turned off runs nothing and schedules nothing', async () => {
    let runs = 0;
    const handler = retentionRunHandler({ automatic: false, run: async () => (runs++, report) });
    const result = await handler(job('2026-11-30T02:00:00.000Z'), context('2026-11-30T02:00:05.000Z'));
    expect(runs).toBe(0);
    expect(result.next ?? []).toEqual([]);
  });
});
