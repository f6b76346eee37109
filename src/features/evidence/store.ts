/**
 * Where the bytes of evidence files are kept (Azure Blob Storage, a private container; Azurite's
 * blob service locally). Keys are the bot's own (`incidents/<year>/<seq>/<id>`), never a file name.
 */
export interface EvidenceStore {
  /** Stores the bytes under a new key; a key that exists already is a ConflictError and is not overwritten. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes stored under the key, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Deletes the key; false when there was nothing to delete. */
  delete(key: string): Promise<boolean>;
  /** Deletes every key under a folder (ending in `/`); answers how many were deleted. */
  deleteFolder(folder: string): Promise<number>;
}

/** A key the bot makes: letters, digits, `-`, `_` and `/` between them, no `..`, no leading `/`. */
export const isEvidenceKey = (key: string): boolean =>
  /^[A-Za-z0-9][A-Za-z0-9_/-]{0,250}$/.test(key) && !key.includes('//');

/** A folder of keys: a key ending in `/`. */
export const isEvidenceFolder = (folder: string): boolean => folder.endsWith('/') && isEvidenceKey(folder.slice(0, -1));
