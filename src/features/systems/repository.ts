import type { SystemListItem } from './list-item';
import type { SystemHistoryEntry, SystemRecord } from './model';

/** A stored system with the storage version token needed to change it. */
export interface StoredSystem {
  system: SystemRecord;
  /** Opaque concurrency token (the Table eTag); an update with a stale one fails with a conflict. */
  etag: string;
}

/** Where the system register and its history are kept (P4). */
export interface SystemRepository {
  /** Stores a new system; a name already in the register is a ConflictError. */
  create(system: SystemRecord, entry: SystemHistoryEntry): Promise<SystemRecord>;
  get(id: string): Promise<StoredSystem | undefined>;
  history(id: string): Promise<SystemHistoryEntry[]>;
  /** Replaces the system if it is still at `etag`, appending the history entry; ConflictError otherwise. */
  update(next: SystemRecord, etag: string, entry: SystemHistoryEntry, previous: SystemRecord): Promise<StoredSystem>;
  findByName(name: string): Promise<SystemRecord | undefined>;
  /**
   * Lists, at most `limit` items each, starting after a position of that list (`list-order.ts`,
   * validated by the caller). The register: by category, most critical first, then by name.
   */
  listRegister(after: string | undefined, limit: number): Promise<SystemListItem[]>;
  /** One owner's systems, by name. */
  listOwnedBy(ownerId: string, after: string | undefined, limit: number): Promise<SystemListItem[]>;
  /** Systems whose risk assessment is due at or before `at` (missing, after a major change, or past date), by due time. */
  listDueBy(at: Date, after: string | undefined, limit: number): Promise<SystemListItem[]>;
}
