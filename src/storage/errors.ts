import { RestError } from '@azure/data-tables';
import { ConflictError, NotFoundError, StorageUnavailableError } from '../errors';

/**
 * True when the Azure SDK raised `error` for a request to storage: storage answered with a status,
 * or the request never got an answer (a `RestError` without a status: refused connection, DNS, reset).
 *
 * @remarks As the SDK's own `isRestError`: by class, or by name where two copies of the pipeline
 * are loaded. Anything else — a `TypeError`, a JSON parse error from a corrupt row — is a bug,
 * never "storage unavailable".
 */
export const isRestError = (error: unknown): error is RestError =>
  error instanceof RestError || (error instanceof Error && error.name === 'RestError');

/** The HTTP status storage answered with, if `error` is a storage error that has one. */
const statusOf = (error: unknown): number | undefined => (isRestError(error) ? error.statusCode : undefined);

/**
 * A request the SDK gave up waiting for (its timeout aborts it), or a managed identity whose token
 * endpoint is not answering yet (`@azure/identity`, e.g. just after the container started).
 */
const isTimeout = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'AbortError' || error.name === 'CredentialUnavailableError');

/**
 * True when storage could not be reached or could not serve the request now: no answer at all,
 * a timeout, no managed-identity token yet, 408, 429, or a 5xx. Only such errors are worth retrying later.
 */
export function isOutage(error: unknown): boolean {
  if (isTimeout(error)) return true;
  if (!isRestError(error)) return false;
  const status = error.statusCode;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * Translates an Azure Table error into the project's own error and throws it.
 *
 * @remarks Narrowed by `RestError` first (as `@azure/data-tables`' own error helpers do): 404 →
 * {@link NotFoundError}; 409 (entity or table exists) and 412 (stale eTag) → {@link ConflictError};
 * an outage ({@link isOutage}) → {@link StorageUnavailableError}. Everything else, and every error
 * that is not a storage error at all, is rethrown unchanged: a programming error surfaces as the
 * bug it is.
 */
export function rethrowStorageError(error: unknown, what: string): never {
  const status = statusOf(error);
  if (status === 404) throw new NotFoundError(what);
  if (status === 409 || status === 412) throw new ConflictError(what);
  if (isOutage(error)) throw new StorageUnavailableError(error);
  throw error;
}

/** True when a storage error says the entity does not exist. */
export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/** True when a storage error says the entity exists already or changed since it was read. */
export const isConflict = (error: unknown): boolean => statusOf(error) === 409 || statusOf(error) === 412;

/**
 * True when storage answered a transaction with a failure one of its entities can cause by itself
 * (400 or 413 for a bad or oversized entity; Azurite answers 500 to a body it cannot parse): the
 * members are then written one by one so that only a genuinely bad one fails. Not for conflicts,
 * and not when storage is unreachable, busy (408, 429, 503, 504) or gave no answer.
 */
export function isRefusedGroup(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined || status === 409 || status === 412) return false;
  return ![408, 429, 503, 504].includes(status) && status >= 400;
}
