import type { Table } from './limits';
import type { FoundOwner } from './owners';
import type { ColumnMapping, RowOutcome } from './plan';

/** What a file can be imported into: the system register (P4) or the risk register (#19). */
export type ImportKind = 'systems' | 'risks';

/** How long an uploaded file waits for "Importér" (docs/IMPORT.md). */
export const IMPORT_SESSION_HOURS = 24;

/**
 * An uploaded file between its dry run and "Importér": kept on the server, the card carries only
 * its id (P10: card data is never trusted for the rows).
 */
export interface ImportSession {
  id: string;
  /** What the file is imported into; uploads made before risks could be imported are `systems`. */
  kind?: ImportKind;
  /** The coordinator who sent it; only they can apply it. */
  userId: string;
  userName: string;
  createdAt: string;
  expiresAt: string;
  /** SHA-256 of the file's bytes, for the audit record. */
  fileHash: string;
  table: Table;
  mapping: ColumnMapping;
  /** The people Teams found for the owner cells, by the cell's text in lower case (looked up once, at upload). */
  owners: Record<string, Exclude<FoundOwner, undefined> | null>;
  /** `applying` from the first write on: a retry (or the coordinator pressing again) finishes the same import. */
  status: 'planned' | 'applying' | 'applied';
  /** The outcome of each line on the last dry run shown (by line): "Importér" applies only what was shown. */
  shown?: Record<string, RowOutcome>;
  /** The outcome shown to the coordinator when they pressed "Importér"; a retry must find the same. */
  planned?: Record<string, RowOutcome>;
  applied?: { at: string; counts: Record<RowOutcome, number> };
}

/** A stored session with its concurrency token. */
export interface StoredImportSession {
  session: ImportSession;
  etag: string;
}

/** Where uploaded files wait for their import. */
export interface ImportSessionRepository {
  create(session: ImportSession): Promise<void>;
  get(id: string): Promise<StoredImportSession | undefined>;
  /** Replaces the session's state if it is still at `etag`; ConflictError otherwise. The rows are never rewritten. */
  update(session: ImportSession, etag: string): Promise<StoredImportSession>;
  /** Notes that the user asked to import and their next file is a `kind` file, until `until` (the last ask counts). */
  expectFile(userId: string, until: string, kind?: ImportKind): Promise<void>;
  /**
   * Whether the user's next file was announced as a `kind` file (and not yet expired); takes the note
   * (one file per ask). A note for the other kind is left for its own import.
   */
  takeExpected(userId: string, now: string, kind?: ImportKind): Promise<boolean>;
}
