import { ConflictError, NotFoundError } from '../../../src/errors';

/** A stored value as storage keeps it: its JSON (so every read is a fresh copy) and its eTag. */
interface Row {
  json: string;
  etag: string;
}

let versions = 0;
const nextEtag = (): string => `W/"memory-${++versions}"`;

/**
 * Rows by key that behave as a Table row does where callers rely on it (botbuilder's
 * `MemoryStorage` pattern): values go through a JSON round trip, so a caller never holds the
 * stored object; a create of an existing key and a replace with a stale eTag are conflicts.
 */
export class MemoryRows<T> {
  private readonly rows = new Map<string, Row>();

  /** Stores a new row; a key already there is a {@link ConflictError}. Returns the new eTag. */
  create(key: string, value: T): string {
    if (this.rows.has(key)) throw new ConflictError(key);
    return this.put(key, value);
  }

  /** Replaces the row if it is still at `etag`: a stale eTag is a {@link ConflictError}, a missing row a {@link NotFoundError}. */
  replace(key: string, value: T, etag: string): string {
    const row = this.rows.get(key);
    if (!row) throw new NotFoundError(key);
    if (row.etag !== etag) throw new ConflictError(key);
    return this.put(key, value);
  }

  get(key: string): { value: T; etag: string } | undefined {
    const row = this.rows.get(key);
    return row && { value: JSON.parse(row.json) as T, etag: row.etag };
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Stores the row whatever was there (a Table upsert); returns the new eTag. */
  upsert(key: string, value: T): string {
    return this.put(key, value);
  }

  /**
   * Deletes the row; with `etag`, only while it is still at that eTag (a stale one is a
   * {@link ConflictError}). A missing row is a {@link NotFoundError}.
   */
  delete(key: string, etag?: string): void {
    const row = this.rows.get(key);
    if (!row) throw new NotFoundError(key);
    if (etag !== undefined && row.etag !== etag) throw new ConflictError(key);
    this.rows.delete(key);
  }

  /** Every row as a fresh copy with its key and eTag, in key order (as Table Storage lists a partition). */
  entries(): { key: string; value: T; etag: string }[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, row]) => ({ key, value: JSON.parse(row.json) as T, etag: row.etag }));
  }

  /** Every value, each a fresh copy, in no particular order. */
  values(): T[] {
    return [...this.rows.values()].map((row) => JSON.parse(row.json) as T);
  }

  private put(key: string, value: T): string {
    const etag = nextEtag();
    this.rows.set(key, { json: JSON.stringify(value), etag });
    return etag;
  }
}

/**
 * A page of a list kept in key order: the items whose key sorts after `after`, at most `limit`
 * (storage compares keys as plain strings of characters, as JavaScript does).
 */
export function pageOf<T>(items: T[], keyOf: (item: T) => string, after: string | undefined, limit: number): T[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .filter(({ key }) => after === undefined || key > after)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map(({ item }) => item);
}
