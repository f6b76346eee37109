/** A unit of scheduled work: due at a time, run exactly once by whichever instance claims it. */
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
  /** Whether a job already completed (a crashed claimant may have finished before dying). */
  isDone(jobId: string): Promise<boolean>;
  /** Whether `key` (job + conversation, or job + item) was delivered; records it when `mark` is given. */
  delivered(key: string): Promise<boolean>;
  markDelivered(key: string, at: Date, outcome: string): Promise<void>;
}
