import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Job } from '../../src/platform/scheduler/jobs';
import { Scheduler, type JobHandler } from '../../src/platform/scheduler/scheduler';
import { createLogger } from '../../src/logger';
import { TableJobRepository } from '../../src/storage/job-repository';
import { createTables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';

const logger = createLogger('silent');

/** A logger whose JSON lines a test can read. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('info', sink), entries: () => lines.map((line) => JSON.parse(line)) };
}

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

  /** The pending row of one job, as `due` lists it. */
  const pendingOf = async (id: string) => (await jobs.due(clock.now(), 50)).find((job) => job.id === id)!;

  it('sends again a delivery whose claimant died between sending and recording, and says so', async () => {
    const sent: string[] = [];
    const job: Job = { id: 'interrupted', kind: 'reminder', dueAt: '2026-04-03T08:00:00.000Z', payload: {} };
    await jobs.schedule(job);
    clock.set('2026-04-03T08:00:01Z');
    // The dead instance recorded its intent to deliver to the coordinator, and died before the outcome:
    // Teams may or may not have the message.
    await jobs.claim(await pendingOf(job.id), 'dead-instance', new Date(clock.now().getTime() + 120_000));
    expect(await jobs.beginDelivery('interrupted|coordinator', 'dead-instance', clock.now())).toBe('new');
    const log = capturingLogger();
    const survivor = new Scheduler(
      jobs,
      clock,
      log.logger,
      { reminder: fanOut(sent, ['coordinator', 'management']) },
      { owner: 'survivor' },
    );
    clock.advance(121_000);
    // The dead instance's intent is only a lease old: it might still be sending, so nothing is sent yet.
    expect(await survivor.tick()).toBe(1);
    expect(sent).toEqual([]);
    clock.advance(121_000);
    expect(await survivor.tick()).toBe(1);
    // At least once: a missed reminder is worse than a second one.
    expect(sent.sort()).toEqual(['interrupted|coordinator', 'interrupted|management']);
    expect(log.entries()).toContainEqual(expect.objectContaining({ job: 'reminder', unconfirmed: 1 }));
    expect(await survivor.tick()).toBe(0);
    expect(await jobs.beginDelivery('interrupted|coordinator', 'later', clock.now())).toBe('done');
  });

  it('does not send an item a second time while the instance that lost its lease is still sending it', async () => {
    const job: Job = { id: 'slow-send', kind: 'slow', dueAt: '2026-04-06T08:00:00.000Z', payload: {} };
    await jobs.schedule(job);
    clock.set('2026-04-06T08:00:01Z');
    const sent: string[] = [];
    let release!: () => void;
    const teamsAnswers = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow: JobHandler = async (claimed, context) => {
      for (const target of ['coordinator', 'management']) {
        await context.deliverOnce(`${claimed.id}|${target}`, async () => {
          // The first send hangs (Teams slow to answer) until the test lets it through.
          if (calls++ === 0) await teamsAnswers;
          sent.push(`${claimed.id}|${target}`);
          return 'sent';
        });
      }
      return { outcome: 'ok' };
    };
    const first = new Scheduler(jobs, clock, logger, { slow }, { owner: 'first', leaseMs: 60_000 });
    const second = new Scheduler(jobs, clock, logger, { slow }, { owner: 'second', leaseMs: 60_000 });
    const running = first.tick();
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(61_000); // the first instance's lease runs out mid-send
    await second.tick(); // claims the job, finds the coordinator's message under way: leaves it
    expect(sent).toEqual([]);
    release();
    await running; // the first send lands; the first instance then finds its lease gone and stops
    expect(sent).toEqual(['slow-send|coordinator']);
    clock.advance(61_000);
    await second.tick();
    expect(sent).toEqual(['slow-send|coordinator', 'slow-send|management']);
    expect(await jobs.isDone(job.id)).toBe(true);
  });

  it('retries a failed send later as a plain retry, not as an unconfirmed one', async () => {
    const job: Job = { id: 'refused', kind: 'flaky', dueAt: '2026-04-04T08:00:00.000Z', payload: {} };
    await jobs.schedule(job);
    clock.set('2026-04-04T08:00:01Z');
    const outcomes: ('failed' | 'sent')[] = ['failed', 'sent'];
    const attempts: string[] = [];
    const log = capturingLogger();
    const scheduler = new Scheduler(
      jobs,
      clock,
      log.logger,
      {
        flaky: async (claimed, context) => {
          await context.deliverOnce(`${claimed.id}|coordinator`, async () => {
            const outcome = outcomes.shift() ?? 'sent';
            attempts.push(outcome);
            return outcome;
          });
          return { outcome: 'ok' };
        },
      },
      { leaseMs: 60_000 },
    );
    await scheduler.tick();
    clock.advance(61_000);
    await scheduler.tick();
    expect(attempts).toEqual(['failed', 'sent']);
    expect(log.entries().some((entry) => 'unconfirmed' in entry)).toBe(false);
  });

  it('keeps the lease of a job that runs longer than its lease, so no other instance starts it alongside', async () => {
    const job: Job = { id: 'long', kind: 'long', dueAt: '2026-04-05T08:00:00.000Z', payload: {} };
    await jobs.schedule(job);
    clock.set('2026-04-05T08:00:01Z');
    const sent: string[] = [];
    let startedElsewhere = 0;
    const other = new Scheduler(
      jobs,
      clock,
      logger,
      {
        long: async () => {
          startedElsewhere++;
          return { outcome: 'ok' };
        },
      },
      { owner: 'other', leaseMs: 60_000 },
    );
    const seenByOther: number[] = [];
    const first = new Scheduler(
      jobs,
      clock,
      logger,
      {
        long: async (claimed, context) => {
          for (const target of ['a', 'b', 'c']) {
            await context.deliverOnce(`${claimed.id}|${target}`, async () => {
              sent.push(target);
              return 'sent';
            });
            clock.advance(50_000); // each send takes most of the 60-second lease
            seenByOther.push(await other.tick());
          }
          return { outcome: 'ok' };
        },
      },
      { owner: 'first', leaseMs: 60_000 },
    );
    expect(await first.tick()).toBe(1);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(seenByOther).toEqual([0, 0, 0]);
    expect(startedElsewhere).toBe(0);
  });

  it('a stopping instance finishes the send in flight, records it, and hands the job over at once', async () => {
    const job: Job = { id: 'handover', kind: 'fan', dueAt: '2026-04-06T08:00:00.000Z', payload: {} };
    await jobs.schedule(job);
    clock.set('2026-04-06T08:00:01Z');
    const sent: string[] = [];
    let stopped: Promise<void> | undefined;
    const fan =
      (who: string, onSend?: () => void): JobHandler =>
      async (claimed, context) => {
        for (const target of ['a', 'b', 'c']) {
          await context.deliverOnce(`${claimed.id}|${target}`, async () => {
            onSend?.();
            sent.push(`${who}:${target}`);
            return 'sent';
          });
        }
        return { outcome: 'ok' };
      };
    const stopping: Scheduler = new Scheduler(
      jobs,
      clock,
      logger,
      { fan: fan('stopping', () => (stopped ??= stopping.stop())) }, // SIGTERM while the first send is in flight
      { owner: 'stopping' },
    );
    await stopping.tick();
    await stopped;
    const survivor = new Scheduler(jobs, clock, logger, { fan: fan('survivor') }, { owner: 'survivor' });
    expect(await survivor.tick()).toBe(1); // no need to wait for the lease
    expect(sent).toEqual(['stopping:a', 'survivor:b', 'survivor:c']);
  });
});
