import type { Screening } from './model';

/** A stored screening with its concurrency token. */
export interface StoredScreening {
  screening: Screening;
  etag: string;
}

/** Where DPIA screenings are kept (P5). */
export interface ScreeningRepository {
  create(screening: Screening): Promise<void>;
  get(id: string): Promise<StoredScreening | undefined>;
  /** Replaces the screening if it is still at `etag`; ConflictError otherwise. */
  update(next: Screening, etag: string): Promise<StoredScreening>;
  /**
   * Takes a screening that a newer one replaced off the pending and open-DPIA lists (its record and
   * its place in the system's list stay). Idempotent, and never fails: a row left behind is skipped
   * on read because the screening is no longer its system's latest.
   */
  retire(id: string): Promise<void>;
  /** Screenings sent and not answered, oldest first. */
  listPending(limit: number): Promise<Screening[]>;
  /** Screenings whose DPIA is required and not recorded done. */
  listDpiaOpen(limit: number): Promise<Screening[]>;
  /** A system's screenings, newest first. */
  listBySystem(systemId: string, limit: number): Promise<Screening[]>;
}
