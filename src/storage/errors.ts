import { ConflictError, NotFoundError, StorageUnavailableError } from '../errors';

interface StatusError {
  statusCode?: number;
  code?: string;
  name?: string;
}

/**
 * Translates an Azure Table error into the project's own error and throws it.
 *
 * @remarks 404 → {@link NotFoundError}; 409 (entity or table exists) and 412 (stale eTag) →
 * {@link ConflictError}; no answer at all, a 5xx or a timeout → {@link StorageUnavailableError}.
 */
export function rethrowStorageError(error: unknown, what: string): never {
  const e = (error ?? {}) as StatusError;
  if (e.statusCode === 404) throw new NotFoundError(what);
  if (e.statusCode === 409 || e.statusCode === 412) throw new ConflictError(what);
  if (e.statusCode === undefined || e.statusCode >= 500 || e.statusCode === 408 || e.name === 'AbortError') {
    throw new StorageUnavailableError(error);
  }
  throw error;
}

/** True when a storage error says the entity does not exist. */
export const isNotFound = (error: unknown): boolean => (error as StatusError)?.statusCode === 404;

/** True when a storage error says the entity exists already or changed since it was read. */
export const isConflict = (error: unknown): boolean =>
  (error as StatusError)?.statusCode === 409 || (error as StatusError)?.statusCode === 412;
