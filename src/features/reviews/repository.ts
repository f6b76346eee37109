import type { QuarterlyReview } from './model';

/** Where quarterly reviews are kept. */
export interface ReviewRepository {
  /** Creates the review if it does not exist yet; returns what is stored either way. */
  ensure(review: QuarterlyReview): Promise<QuarterlyReview>;
  get(id: string): Promise<{ review: QuarterlyReview; etag: string } | undefined>;
  /** Replaces the review if it is still at `etag`; throws ConflictError otherwise. */
  update(review: QuarterlyReview, etag: string): Promise<void>;
}
