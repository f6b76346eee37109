import type { ViolationReferral } from './model';

/** A stored referral with the concurrency token needed to change it. */
export interface StoredReferral {
  referral: ViolationReferral;
  etag: string;
}

/** Where violation referrals are kept (P11): apart from the incident log. */
export interface ViolationRepository {
  /** Stores a new referral; a second one with the same id is a ConflictError. */
  create(referral: ViolationReferral): Promise<void>;
  get(id: string): Promise<StoredReferral | undefined>;
  /** Replaces the referral if it is still at `etag`; throws ConflictError otherwise. */
  update(next: ViolationReferral, etag: string): Promise<StoredReferral>;
  /** Every referral (or only those referred by `referredBy`), newest first. */
  list(referredBy?: string): Promise<ViolationReferral[]>;
}
