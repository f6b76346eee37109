import { ConflictError } from '../errors';

/** One recorded change to a versioned record: who, when, what (append-only history). */
export interface VersionedEntry<Action extends string> {
  version: number;
  at: string;
  by: string;
  byName: string;
  action: Action;
  /** Field → [before, after] for what changed. */
  changes: Record<string, [unknown, unknown]>;
  comment?: string;
}

/**
 * Applies a change to a record that a card showed at `seenVersion`, and builds its history entry.
 *
 * @remarks P10 integrity: an outdated card (another version is stored now) is a ConflictError,
 * never an overwrite. The caller writes `next` with the record's eTag and the entry together.
 */
export function versionedChange<Record_ extends { version: number }, Action extends string>(
  current: Record_,
  seenVersion: unknown,
  label: string,
  who: { userId: string; name: string },
  action: Action,
  apply: (current: Record_, changes: VersionedEntry<Action>['changes']) => Record_,
  now: Date,
  comment?: string,
): { next: Record_; entry: VersionedEntry<Action> } {
  if (Number(seenVersion) !== current.version) throw new ConflictError(label);
  const changes: VersionedEntry<Action>['changes'] = {};
  const version = current.version + 1;
  const next = { ...apply(current, changes), version };
  const entry = {
    version,
    at: now.toISOString(),
    by: who.userId,
    byName: who.name,
    action,
    changes,
    comment: comment || undefined,
  };
  return { next, entry };
}
