import type { ApprovalItem } from '../../../src/features/approvals/model';
import type { ApprovalRepository } from '../../../src/features/approvals/repository';
import type { QuarterlyReview } from '../../../src/features/reviews/model';
import type { ReviewRepository } from '../../../src/features/reviews/repository';
import type { ViolationReferral } from '../../../src/features/violations/model';
import type { StoredReferral, ViolationRepository } from '../../../src/features/violations/repository';
import { MemoryRows } from './rows';

/** Quarterly reviews in memory, held to the contract of `TableReviewRepository`. */
export class MemoryReviewRepository implements ReviewRepository {
  private readonly reviews = new MemoryRows<QuarterlyReview>();

  async ensure(review: QuarterlyReview): Promise<QuarterlyReview> {
    if (!this.reviews.has(review.id)) this.reviews.create(review.id, review);
    return this.reviews.get(review.id)?.value ?? review;
  }

  async get(id: string): Promise<{ review: QuarterlyReview; etag: string } | undefined> {
    const row = this.reviews.get(id);
    return row && { review: row.value, etag: row.etag };
  }

  async update(review: QuarterlyReview, etag: string): Promise<void> {
    this.reviews.replace(review.id, review, etag);
  }
}

/** Approval items in memory, held to the contract of `TableApprovalRepository`. */
export class MemoryApprovalRepository implements ApprovalRepository {
  private readonly items = new MemoryRows<ApprovalItem>();

  async create(item: ApprovalItem): Promise<void> {
    this.items.create(item.id, item);
  }

  async get(id: string): Promise<{ item: ApprovalItem; etag: string } | undefined> {
    const row = this.items.get(id);
    return row && { item: row.value, etag: row.etag };
  }

  async update(item: ApprovalItem, etag: string): Promise<void> {
    this.items.replace(item.id, item, etag);
  }

  async list(limit: number): Promise<ApprovalItem[]> {
    return this.items
      .values()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }
}

/** Violation referrals in memory, held to the contract of `TableViolationRepository`. */
export class MemoryViolationRepository implements ViolationRepository {
  private readonly referrals = new MemoryRows<ViolationReferral>();

  async create(referral: ViolationReferral): Promise<void> {
    this.referrals.create(referral.id, referral);
  }

  async get(id: string): Promise<StoredReferral | undefined> {
    const row = this.referrals.get(id);
    return row && { referral: row.value, etag: row.etag };
  }

  async update(next: ViolationReferral, etag: string): Promise<StoredReferral> {
    return { referral: next, etag: this.referrals.replace(next.id, next, etag) };
  }

  async list(referredBy?: string): Promise<ViolationReferral[]> {
    return (await this.listStored(referredBy)).map(({ referral }) => referral);
  }

  /** Every referral (or only those referred by `referredBy`) with its eTag, newest first (as `TableViolationRepository.listStored`). */
  async listStored(referredBy?: string): Promise<StoredReferral[]> {
    return this.referrals
      .entries()
      .filter(({ value }) => !referredBy || value.referredBy === referredBy)
      .sort(({ value: a }, { value: b }) => (a.referredAt < b.referredAt ? 1 : a.referredAt > b.referredAt ? -1 : 0))
      .map(({ value, etag }) => ({ referral: value, etag }));
  }
}
