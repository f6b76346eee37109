import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { ClaimedJob, Job, JobRepository } from './jobs';

/** What a job handler gets: the time, whether the job runs late, and exactly-once delivery. */
export interface JobContext {
  now: Date;
  /** True when the job runs more than `lateAfterMs` after it fell due (e.g. after downtime). */
  late: boolean;
  /**
   * Runs `send` unless `key` was delivered before (by this or a crashed instance), then records it.
   * The key names what is delivered where (e.g. `<job id>|<conversation>`), so it spans jobs when it should.
   * A send that returns 'failed' is not recorded and fails the job, which is retried later.
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
}

/**
 * The durable scheduler: every instance polls, a due job is claimed with an eTag-conditional
 * update carrying a lease, the claimant runs it, records the outcome and schedules what follows.
 *
 * @remarks A crashed claimant's lease expires and another instance finishes the job; deliveries
 * already recorded are not repeated. Jobs found overdue (downtime) run once, marked late.
 */
export class Scheduler {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly lateAfterMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

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
  }

  /** Starts polling (first tick at once). */
  start(): void {
    const loop = async () => {
      await this.tick().catch((error: unknown) =>
        this.logger.warn(
          { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
          'scheduler tick failed',
        ),
      );
      this.timer = setTimeout(loop, this.pollMs);
      this.timer.unref();
    };
    void loop();
  }

  /** Stops polling and waits for a running tick. */
  async stop(): Promise<void> {
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
    let ran = 0;
    for (const job of await this.jobs.due(now, 50)) {
      if (job.leaseUntil && new Date(job.leaseUntil) > now) continue;
      const handler = this.handlers[job.kind];
      if (!handler) continue;
      const claimed = await this.jobs.claim(job, this.owner, new Date(now.getTime() + this.leaseMs));
      if (!claimed) continue;
      if (await this.jobs.isDone(job.id)) {
        await this.jobs.complete(claimed, 'already done', now);
        continue;
      }
      await this.run(claimed, handler, now);
      ran++;
    }
    return ran;
  }

  private async run(job: ClaimedJob, handler: JobHandler, now: Date): Promise<void> {
    const late = now.getTime() - new Date(job.dueAt).getTime() > this.lateAfterMs;
    const context: JobContext = {
      now,
      late,
      deliverOnce: async (key, send) => {
        const deliveryKey = key;
        if (await this.jobs.delivered(deliveryKey)) return;
        const outcome = await send();
        if (outcome === 'failed') throw new Error(`delivery failed: ${job.kind}`);
        await this.jobs.markDelivered(deliveryKey, this.clock.now(), outcome);
      },
    };
    try {
      const result = await handler(job, context);
      for (const next of result.next ?? []) await this.jobs.schedule(next);
      await this.jobs.complete(job, result.outcome, this.clock.now());
      this.logger.info({ job: job.kind, late, outcome: result.outcome }, 'job done');
    } catch (error) {
      // The lease runs out and the job is tried again; deliveries already recorded are skipped.
      this.logger.error(
        { job: job.kind, err: { name: (error as Error)?.name, message: (error as Error)?.message } },
        'job failed; will retry',
      );
    }
  }
}
