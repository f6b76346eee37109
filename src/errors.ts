/** A user-correctable problem with what was submitted; `fields` maps a field id to a locale key. */
export class ValidationError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(`Validation failed: ${Object.keys(fields).join(', ')}`);
    this.name = 'ValidationError';
  }
}

/** The record asked for does not exist (or the actor may not know that it does). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`Not found: ${what}`);
    this.name = 'NotFoundError';
  }
}

/** Someone else changed or created the record first (eTag mismatch or existing key). */
export class ConflictError extends Error {
  constructor(what: string) {
    super(`Conflict: ${what}`);
    this.name = 'ConflictError';
  }
}

/** The actor's role does not allow the action. */
export class ForbiddenError extends Error {
  constructor(action: string) {
    super(`Forbidden: ${action}`);
    this.name = 'ForbiddenError';
  }
}

/** Storage could not be reached or failed; the user should try again. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Storage unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}
