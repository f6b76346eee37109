import type { CategoryOrUnclassified, SystemHistoryEntry, SystemRecord } from './model';

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
  listByCategory(category: CategoryOrUnclassified, limit: number): Promise<SystemRecord[]>;
  listByOwner(ownerId: string, limit: number): Promise<SystemRecord[]>;
  /** Systems whose risk assessment is due at or before `at` (missing, after a major change, or past date). */
  listDueBy(at: Date, limit: number): Promise<SystemRecord[]>;
}
