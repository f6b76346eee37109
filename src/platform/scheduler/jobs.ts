/** A unit of scheduled work: due at a time, run by whichever instance claims it (at least once: a crashed claimant's job runs again). */
export interface Job {
  /** Deterministic id (e.g. `breach-sweep:2026-11-28T09:10`): scheduling the same job twice is a no-op. */
  id: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
}

/** A job claimed by this instance until `leaseUntil`. */
export interface ClaimedJob extends Job {
  leaseUntil: string;
  /** Opaque token proving the claim (the row's eTag after claiming). */
  claim: string;
}

/** Where jobs, their outcomes and per-conversation deliveries are kept. */
export interface JobRepository {
  /** Adds a pending job; an existing job with the same id and due time is left as it is. */
  schedule(job: Job): Promise<void>;
  /** Pending jobs due at or before `now`, oldest first. */
  due(now: Date, limit: number): Promise<(Job & { leaseUntil?: string; etag: string })[]>;
  /** Claims a due job with an eTag-conditional update; undefined when another instance got it first. */
  claim(job: Job & { etag: string }, owner: string, leaseUntil: Date): Promise<ClaimedJob | undefined>;
  /** Records the outcome and removes the pending row (safe to repeat). */
  complete(job: ClaimedJob, outcome: string, at: Date): Promise<void>;
  /** Extends the lease of a job this instance holds; undefined when another instance has claimed it since. */
  renew(job: ClaimedJob, leaseUntil: Date): Promise<ClaimedJob | undefined>;
  /** Gives a held job back at once (a stopping instance), so that another need not wait for the lease. */
  release(job: ClaimedJob, at: Date): Promise<void>;
  /** Whether a job already completed (a crashed claimant may have finished before dying). */
  isDone(jobId: string): Promise<boolean>;
  /**
   * Records that `owner` is about to deliver `key` (job + conversation, or job + item), unless it was
   * delivered: 'done' then. 'unconfirmed' when an earlier attempt recorded its intent but no outcome,
   * so it may or may not have reached Teams. 'busy' when another owner recorded its intent less than
   * `inFlightMs` ago: it may be sending right now (an instance that lost its lease mid-send), so
   * this one leaves the item alone rather than send it a second time.
   */
  beginDelivery(key: string, owner: string, at: Date, inFlightMs?: number): Promise<DeliveryStart>;
  /** Records the outcome of a delivery (it will not be attempted again). */
  markDelivered(key: string, at: Date, outcome: string): Promise<void>;
  /** Forgets the intent of a delivery that is known not to have reached Teams (the send failed). */
  abandonDelivery(key: string): Promise<void>;
  /**
   * Deliveries recorded since `from` that did not reach their conversation (an outcome other than
   * sent or skipped: gone, no chat, failed), oldest first, at most `limit` (the quarterly review).
   */
  undeliveredSince(from: Date, limit: number): Promise<UndeliveredRecord[]>;
}

/** A delivery that did not reach its conversation, as the delivery log keeps it. */
export interface UndeliveredRecord {
  key: string;
  outcome: string;
  at: string;
}

/** What {@link JobRepository.beginDelivery} found. */
export type DeliveryStart = 'new' | 'done' | 'unconfirmed' | 'busy';

/** True when an intent by another owner is recent enough that its send may still be under way. */
export const inFlight = (
  intent: { owner?: string; startedAt?: string },
  owner: string,
  at: Date,
  inFlightMs: number,
): boolean =>
  inFlightMs > 0 &&
  intent.owner !== undefined &&
  intent.owner !== owner &&
  intent.startedAt !== undefined &&
  at.getTime() - new Date(intent.startedAt).getTime() < inFlightMs;
