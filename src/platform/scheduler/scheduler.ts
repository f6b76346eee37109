import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { ClaimedJob, Job, JobRepository } from './jobs';

/** What a job handler gets: the time, whether the job runs late, and deliveries recorded so a rerun skips what was sent (at least once). */
export interface JobContext {
  now: Date;
  /** True when the job runs more than `lateAfterMs` after it fell due (e.g. after downtime). */
  late: boolean;
  /**
   * Runs `send` unless `key` was delivered before (by this or a crashed instance), then records it.
   * The key names what is delivered where (e.g. `<job id>|<conversation>`), so it spans jobs when it should.
   * A send that returns 'failed' is not recorded and fails the job, which is retried later.
   * At least once: an attempt that stopped between sending and recording is sent again (and logged).
   */
  deliverOnce(key: string, send: () => Promise<'sent' | 'gone' | 'failed' | 'skipped'>): Promise<void>;
}

/** Runs one kind of job; returns its outcome and any jobs to schedule next. */
export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<{ outcome: string; next?: Job[] }>;

export interface SchedulerOptions {
  /** Identifies this instance in leases. */
  owner?: string;
  leaseMs?: number;
  pollMs?: number;
  lateAfterMs?: number;
  /** Jobs this instance runs at once (default 4); their sends share the instance's send budget. */
  concurrency?: number;
}

/**
 * The durable scheduler: every instance polls, a due job is claimed with an eTag-conditional
 * update carrying a lease, the claimant runs it, records the outcome and schedules what follows.
 *
 * @remarks A crashed claimant's lease expires and another instance finishes the job; deliveries
 * already recorded are not repeated. Jobs found overdue (downtime) run once, marked late.
 * Each delivery is recorded as an intent before the send and as an outcome after it. The Bot
 * Connector takes no idempotency key and cannot be asked what arrived, so an instance that dies
 * between Teams' answer and the outcome leaves an intent without outcome: the next attempt sends
 * again (at least once: a missed GDPR or review reminder is worse than a second one) and logs it.
 * That window holds at most one send per running job; a stopping instance (SIGTERM) closes it by
 * finishing the sends in flight, and a lease renewed during a long job keeps a second instance
 * from running the same job alongside. An instance runs a few jobs at once, so that one instance
 * alone can use the whole send budget although each send waits for Teams' answer.
 */
export class Scheduler {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly lateAfterMs: number;
  private readonly concurrency: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    private readonly jobs: JobRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handlers: Record<string, JobHandler>,
    options: SchedulerOptions = {},
  ) {
    this.owner = options.owner ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 120_000;
    this.pollMs = options.pollMs ?? 15_000;
    this.lateAfterMs = options.lateAfterMs ?? 5 * 60_000;
    this.concurrency = options.concurrency ?? 4;
  }

  /** Starts polling (first tick at once). */
  start(): void {
    this.stopping = false;
    const loop = async () => {
      await this.tick().catch((error: unknown) => this.logger.warn({ err: error }, 'scheduler tick failed'));
      if (this.stopping) return;
      this.timer = setTimeout(loop, this.pollMs);
      this.timer.unref();
    };
    void loop();
  }

  /**
   * Stops polling and waits for a running tick: a job that is running lets the send in flight
   * finish and be recorded, starts no other, and is handed back so another instance runs the rest
   * at once instead of after the lease.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Runs every due job this instance can claim; returns how many it ran. */
  tick(): Promise<number> {
    this.running = this.runDue();
    return this.running;
  }

  private async runDue(): Promise<number> {
    const now = this.clock.now();
    const running = new Set<Promise<void>>();
    let ran = 0;
    for (const job of await this.jobs.due(now, 50)) {
      while (running.size >= this.concurrency) await Promise.race(running);
      if (this.stopping) break;
      if (job.leaseUntil && new Date(job.leaseUntil) > now) continue;
      const handler = this.handlers[job.kind];
      if (!handler) continue;
      const at = this.clock.now();
      const claimed = await this.jobs.claim(job, this.owner, new Date(at.getTime() + this.leaseMs));
      if (!claimed) continue;
      if (await this.jobs.isDone(job.id)) {
        await this.jobs.complete(claimed, 'already done', at);
        continue;
      }
      const run: Promise<void> = this.run(claimed, handler, at).finally(() => running.delete(run));
      running.add(run);
      ran++;
    }
    await Promise.all(running);
    return ran;
  }

  private async run(claimed: ClaimedJob, handler: JobHandler, now: Date): Promise<void> {
    let job = claimed;
    let unconfirmed = 0;
    const late = now.getTime() - new Date(job.dueAt).getTime() > this.lateAfterMs;
    // Renewed before a send once a third of the lease is used, so a long fan-out is not taken over.
    const holdLease = async () => {
      const at = this.clock.now().getTime();
      if (at < new Date(job.leaseUntil).getTime() - (this.leaseMs * 2) / 3) return;
      const renewed = await this.jobs.renew(job, new Date(at + this.leaseMs));
      if (!renewed) throw new LeaseLost();
      job = renewed;
    };
    const context: JobContext = {
      now,
      late,
      deliverOnce: async (key, send) => {
        if (this.stopping) throw new Stopping();
        await holdLease();
        const start = await this.jobs.beginDelivery(key, this.owner, this.clock.now(), 2 * this.leaseMs);
        if (start === 'done') return;
        if (start === 'busy') throw new DeliveryBusy();
        if (start === 'unconfirmed') unconfirmed++;
        const outcome = await send();
        if (outcome === 'failed') {
          await this.jobs.abandonDelivery(key);
          throw new Error(`delivery failed: ${job.kind}`);
        }
        await this.jobs.markDelivered(key, this.clock.now(), outcome);
      },
    };
    try {
      const result = await handler(job, context);
      for (const next of result.next ?? []) await this.jobs.schedule(next);
      await this.jobs.complete(job, result.outcome, this.clock.now());
      this.logger.info({ job: job.kind, late, outcome: result.outcome }, 'job done');
    } catch (error) {
      if (error instanceof Stopping) {
        await this.jobs.release(job, this.clock.now()).catch(() => undefined);
        this.logger.info({ job: job.kind }, 'job handed back: this instance is stopping');
      } else if (error instanceof DeliveryBusy) {
        // Tried again when this lease runs out; by then the other send has its outcome, or was abandoned.
        this.logger.warn({ job: job.kind }, 'a delivery is being sent by another instance; job tried again later');
      } else if (error instanceof LeaseLost) {
        this.logger.warn({ job: job.kind }, 'job lease taken over by another instance; stopped here');
      } else {
        // The lease runs out and the job is tried again; deliveries already recorded are skipped.
        this.logger.error({ job: job.kind, err: error }, 'job failed; will retry');
      }
    } finally {
      if (unconfirmed > 0)
        this.logger.warn(
          { job: job.kind, unconfirmed },
          'sent again: deliveries whose earlier attempt stopped between sending and recording (each may have arrived twice)',
        );
    }
  }
}

/** Inside a job: the scheduler is stopping; the job is handed back, not failed. */
class Stopping extends Error {}

/** Inside a job: another instance holds its lease now. */
class LeaseLost extends Error {}

/** Inside a job: another instance recorded a delivery moments ago and may be sending it now. */
class DeliveryBusy extends Error {}
