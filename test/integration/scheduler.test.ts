import { randomBytes } from 'node:crypto';
import type { Job } from '../../src/features/scheduler/jobs';
import { Scheduler, type JobHandler } from '../../src/features/scheduler/scheduler';
import { createLogger } from '../../src/logger';
import { TableJobRepository } from '../../src/storage/job-repository';
import { createTables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';

const logger = createLogger('silent');

describe('the durable scheduler on Azurite', () => {
  let jobs: TableJobRepository;
  const clock = new ManualClock(new Date('2026-04-01T06:00:00Z'));
  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `s${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    jobs = new TableJobRepository(tables.client('Jobs'));
  });

  /** A handler that "sends" to each of `targets` once per job, recording every send. */
  const fanOut =
    (sent: string[], targets: string[]): JobHandler =>
    async (job, context) => {
      for (const target of targets) {
        await context.deliverOnce(`${job.id}|${target}`, async () => {
          sent.push(`${job.id}|${target}`);
          return 'sent';
        });
      }
      return { outcome: 'ok' };
    };

  it('runs each due job exactly once with three instances polling at the same time', async () => {
    const sent: string[] = [];
    const handlers = { reminder: fanOut(sent, ['coordinator', 'management']) };
    const instances = [1, 2, 3].map((n) => new Scheduler(jobs, clock, logger, handlers, { owner: `instance-${n}` }));
    const due: Job[] = Array.from({ length: 12 }, (_, i) => ({
      id: `q-${i}`,
      kind: 'reminder',
      dueAt: '2026-04-01T07:00:00.000Z',
      payload: {},
    }));
    for (const job of due) await jobs.schedule(job);
    await jobs.schedule(due[0]); // scheduling twice is a no-op
    clock.set('2026-04-01T07:00:01Z');
    await Promise.all(instances.map((instance) => instance.tick()));
    await Promise.all(instances.map((instance) => instance.tick()));
    expect(sent.sort()).toEqual(due.flatMap((job) => [`${job.id}|coordinator`, `${job.id}|management`]).sort());
    expect(await jobs.due(clock.now(), 50)).toEqual([]);
  });

  it('finishes a job whose claimant died, once its lease has run out, without repeating what it delivered', async () => {
    const sent: string[] = [];
    const job: Job = { id: 'crashed', kind: 'reminder', dueAt: '2026-04-01T08:00:00.000Z', payload: {} };
    await jobs.schedule(job);
    clock.set('2026-04-01T08:00:01Z');
    const [pending] = await jobs.due(clock.now(), 10);
    // The dead instance claimed it and got as far as one delivery.
    await jobs.claim(pending, 'dead-instance', new Date(clock.now().getTime() + 120_000));
    await jobs.markDelivered('crashed|coordinator', clock.now(), 'sent');
    const survivor = new Scheduler(
      jobs,
      clock,
      logger,
      { reminder: fanOut(sent, ['coordinator', 'management']) },
      { owner: 'survivor' },
    );
    expect(await survivor.tick()).toBe(0); // leased: not touched
    clock.advance(121_000);
    expect(await survivor.tick()).toBe(1);
    expect(sent).toEqual(['crashed|management']);
    expect(await survivor.tick()).toBe(0);
  });

  it('runs a job found overdue at start once, marked late, and retries a failed one later', async () => {
    const seen: boolean[] = [];
    let fail = true;
    const handler: JobHandler = async (_job, context) => {
      seen.push(context.late);
      if (fail) throw new Error('connector down');
      return { outcome: 'ok' };
    };
    await jobs.schedule({ id: 'overdue', kind: 'late', dueAt: '2026-04-01T09:00:00.000Z', payload: {} });
    clock.set('2026-04-02T09:00:00Z'); // the bot was down for a day
    const scheduler = new Scheduler(jobs, clock, logger, { late: handler }, { leaseMs: 60_000 });
    await scheduler.tick();
    fail = false;
    await scheduler.tick(); // still leased after the failure
    clock.advance(61_000);
    await scheduler.tick();
    await scheduler.tick();
    expect(seen).toEqual([true, true]);
  });
});
