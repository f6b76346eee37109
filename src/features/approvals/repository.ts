import type { ApprovalItem } from './model';

/** Where approval items are kept; every change is eTag-guarded so two decisions never overwrite each other. */
export interface ApprovalRepository {
  create(item: ApprovalItem): Promise<void>;
  get(id: string): Promise<{ item: ApprovalItem; etag: string } | undefined>;
  /** Replaces the item if it is still at `etag`; throws ConflictError otherwise. */
  update(item: ApprovalItem, etag: string): Promise<void>;
  /** Every item, newest first (approvals are a handful a year). */
  list(limit: number): Promise<ApprovalItem[]>;
}
