import {
  inFlight,
  type ClaimedJob,
  type DeliveryStart,
  type Job,
  type JobRepository,
  type UndeliveredRecord,
} from '../../../src/platform/scheduler/jobs';
import { ConflictError, NotFoundError } from '../../../src/errors';
import { MemoryRows } from './rows';

interface Pending extends Job {
  leaseOwner?: string;
  leaseUntil?: string;
}

interface Delivery {
  owner?: string;
  startedAt?: string;
  outcome?: string;
  at?: string;
}

/** As the Table store keys a pending job: by due time, then id, so "what is due" is one range. */
const pendingKey = (job: Job): string => `${job.dueAt}~${job.id}`;

/**
 * Jobs, their outcomes and deliveries in memory, held to the contract of `TableJobRepository`
 * (`test/support/contracts/job-repository.ts`): claims and renewals are eTag-conditional, due jobs
 * come oldest first, and a delivery is begun once, done once and may be found unconfirmed.
 */
export class MemoryJobRepository implements JobRepository {
  private readonly pending = new MemoryRows<Pending>();
  private readonly done = new Set<string>();
  private readonly deliveries = new MemoryRows<Delivery>();

  async schedule(job: Job): Promise<void> {
    if (!this.pending.has(pendingKey(job))) this.pending.create(pendingKey(job), job);
  }

  async due(now: Date, limit: number): Promise<(Job & { leaseUntil?: string; etag: string })[]> {
    const until = `${now.toISOString()}~~`;
    return this.pending
      .entries()
      .filter(({ key }) => key <= until)
      .slice(0, limit)
      .map(({ value, etag }) => ({ ...jobOf(value), leaseUntil: value.leaseUntil, etag }));
  }

  async claim(job: Job & { etag: string }, owner: string, leaseUntil: Date): Promise<ClaimedJob | undefined> {
    const claim = this.merge(pendingKey(job), job.etag, { leaseOwner: owner, leaseUntil: leaseUntil.toISOString() });
    return claim === undefined ? undefined : { ...jobOf(job), leaseUntil: leaseUntil.toISOString(), claim };
  }

  async renew(job: ClaimedJob, leaseUntil: Date): Promise<ClaimedJob | undefined> {
    const claim = this.merge(pendingKey(job), job.claim, { leaseUntil: leaseUntil.toISOString() });
    return claim === undefined ? undefined : { ...job, leaseUntil: leaseUntil.toISOString(), claim };
  }

  async release(job: ClaimedJob, at: Date): Promise<void> {
    this.merge(pendingKey(job), job.claim, { leaseUntil: at.toISOString() });
  }

  async complete(job: ClaimedJob, _outcome: string, _at: Date): Promise<void> {
    this.done.add(job.id);
    if (this.pending.has(pendingKey(job))) this.pending.delete(pendingKey(job));
  }

  async isDone(jobId: string): Promise<boolean> {
    return this.done.has(jobId);
  }

  async beginDelivery(key: string, owner: string, at: Date, inFlightMs = 0): Promise<DeliveryStart> {
    const intent = { owner, startedAt: at.toISOString() };
    const row = this.deliveries.get(key);
    if (!row) {
      this.deliveries.create(key, intent);
      return 'new';
    }
    if (row.value.outcome !== undefined) return 'done';
    if (inFlight(row.value, owner, at, inFlightMs)) return 'busy';
    this.deliveries.replace(key, intent, row.etag);
    return 'unconfirmed';
  }

  async markDelivered(key: string, at: Date, outcome: string): Promise<void> {
    this.deliveries.upsert(key, { outcome, at: at.toISOString() });
  }

  async undeliveredSince(from: Date, limit: number): Promise<UndeliveredRecord[]> {
    const since = from.toISOString();
    return this.deliveries
      .entries()
      .filter(({ value }) => value.outcome && value.at && value.at >= since)
      .filter(({ value }) => value.outcome !== 'sent' && value.outcome !== 'skipped')
      .map(({ key, value }) => ({ key, outcome: value.outcome as string, at: value.at as string }))
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, limit);
  }

  async abandonDelivery(key: string): Promise<void> {
    if (this.deliveries.has(key)) this.deliveries.delete(key);
  }

  /** A Table merge under `etag`: the new eTag, or undefined when the row changed or is gone. */
  private merge(key: string, etag: string, lease: Partial<Pending>): string | undefined {
    const row = this.pending.get(key);
    if (!row) return undefined;
    try {
      return this.pending.replace(key, { ...row.value, ...lease }, etag);
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}

const jobOf = (row: Job): Job => ({ id: row.id, kind: row.kind, dueAt: row.dueAt, payload: row.payload });
