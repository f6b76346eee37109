import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { RiskAssessmentIntervals } from '../features/systems/criticality';
import { toListItem, type SystemListItem } from '../features/systems/list-item';
import { positionIn } from '../features/systems/list-order';
import type { SystemRecord } from '../features/systems/model';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { encodeKey } from './keys';
import { readRange, rangeFilter, type KeyRange } from './list-range';
import type { ReadCounter } from './read-counter';

/** Index partitions of the lists (table `SystemIndex`). */
export const REGISTER = 'register';
export const OWNERS = 'owners';
export const DUE = 'due';

/** Where a row of one list is. */
export interface Place {
  partitionKey: string;
  rowKey: string;
}

/** A list row's properties: its system, and the list item as of `version`. */
export interface SystemRowProps {
  id: string;
  /** The system version announced or shown; absent on pending rows a migration created. */
  version?: number;
  /** The {@link SystemListItem} as JSON; absent on pending rows a migration created. */
  item?: string;
  /** Set while the change it announces may not be stored: readers check the system. */
  pending?: boolean;
}

type Row = Place & SystemRowProps;

/** An owner's rows: the owner (base64url, which has no `~`), then the name position. */
const ownerPrefix = (ownerId: string): string => `${encodeKey(ownerId)}~`;

/** The rows an item is shown in: the register, its owner's list and the due list. */
export const placesOf = (item: SystemListItem): Place[] => [
  { partitionKey: REGISTER, rowKey: positionIn('register', item) },
  { partitionKey: OWNERS, rowKey: `${ownerPrefix(item.ownerId)}${positionIn('owned', item)}` },
  { partitionKey: DUE, rowKey: positionIn('due', item) },
];

/** The confirmed row that shows `item` at `place` (the benchmark seeds through this too). */
export const listRow = (place: Place, item: SystemListItem): Row => ({
  ...place,
  id: item.id,
  version: item.version,
  item: JSON.stringify(item),
  pending: false,
});

const pendingRow = (place: Place, system: Pick<SystemRecord, 'id' | 'version'>): Row => ({
  ...place,
  id: system.id,
  version: system.version,
  pending: true,
});

const samePlace = (a: Place, b: Place): boolean => a.partitionKey === b.partitionKey && a.rowKey === b.rowKey;

/** A range of one list (see {@link KeyRange}). */
export type ListRange = KeyRange;

/** The register, whole (the directory shows the same list). */
export const registerRange = (after?: string): ListRange => ({ partitionKey: REGISTER, after });
/** One owner's systems; the owner comes from the caller, the position after it from a card. */
export const ownedRange = (ownerId: string, after?: string): ListRange => ({
  partitionKey: OWNERS,
  from: ownerPrefix(ownerId),
  to: `${ownerPrefix(ownerId)}~`,
  after: after && `${ownerPrefix(ownerId)}${after}`,
});
/** The systems due at or before `at` ('~' sorts after every ISO character). */
export const dueRange = (at: Date, after?: string): ListRange => ({
  partitionKey: DUE,
  to: `${at.toISOString()}~~`,
  after,
});

/** What an announcement leaves to do once the record's transaction has ended. Neither ever fails. */
export interface Announcement {
  /** The transaction landed: rows show the change, and rows the system left go. */
  confirm(): Promise<void>;
  /** The transaction certainly did not land: rows the system was in show its earlier version, pending. */
  withdraw(): Promise<void>;
}

interface Announced {
  row: Row;
  etag: string;
  /** The row once the change landed; undefined where the system leaves this list position. */
  after?: Row;
  /** The row as it was, pending; undefined where the system was not at this position. */
  before?: Row;
}

/** How long a pending row may stand before a reader takes it as left behind (no write takes this long). */
const LEFT_BEHIND_MS = 10 * 60_000;

/**
 * The register's lists in table `SystemIndex`, one row per system and list, each carrying the
 * list item, keyed so a partition range is a list in its order: `register` (category rank, then
 * name), `owners` (owner, then name) and `due` (due time). A page reads its rows, not its systems.
 *
 * @remarks The same ordering as the incident lists (`IncidentLists`; P4: a registered system is
 * never missing from its lists, P10: a list never shows something wrong for long). A change is
 * ANNOUNCED first: every row the system is or will be in is written `pending` with the new version.
 * Then the record's transaction runs. Then the rows are CONFIRMED (the item written, `pending`
 * cleared, with the announcing write's eTag so a newer announcement is never overwritten) or, where
 * the system left that position (a rename, a new category, owner or due time), removed with that
 * eTag. A change that certainly failed WITHDRAWS its rows to the earlier version, still pending.
 * Readers trust a confirmed row whose item stands at that very row, and check any other row
 * against the record: they show the record as stored, and rewrite or remove the row (with the eTag
 * they read) once the record's version is at least the announced one, or the row is ten minutes old.
 *
 * Crash windows: (1) after the announcement, before the transaction: pending rows of a change not
 * stored; readers show the stored system (a position it is not at shows nothing) and tidy the row
 * after ten minutes. (2) After the transaction, before the confirmation: pending rows of a stored
 * change; the first reader shows them from the record (one read each) and confirms or removes them.
 * Either way a system is shown once, at the position its record gives it.
 */
export class SystemLists {
  constructor(
    private readonly index: TableClient,
    private readonly readSystem: (id: string) => Promise<SystemRecord | undefined>,
    private readonly reads: ReadCounter,
    private readonly leftBehindMs = LEFT_BEHIND_MS,
    private readonly intervals: Partial<RiskAssessmentIntervals> = {},
  ) {}

  /** The list item of a system by the configured review intervals. */
  private itemFor(system: SystemRecord): SystemListItem {
    return toListItem(system, this.intervals);
  }

  /** Announces a new system (no `previous`) or a change in every list position it is or will be at. */
  async announce(previous: SystemRecord | undefined, next: SystemRecord): Promise<Announcement> {
    const after = placesOf(this.itemFor(next));
    const before = previous ? placesOf(this.itemFor(previous)) : [];
    const earlier = (place: Place) =>
      previous && before.some((p) => samePlace(p, place))
        ? { ...listRow(place, this.itemFor(previous)), pending: true }
        : undefined;
    const planned = [
      ...after.map((place) => ({ place, after: listRow(place, this.itemFor(next)) })),
      ...before
        .filter((place) => !after.some((p) => samePlace(p, place)))
        .map((place) => ({ place, after: undefined })),
    ];
    let announced: Announced[] = [];
    try {
      announced = await Promise.all(
        planned.map(async ({ place, after: confirmed }) => {
          const row = pendingRow(place, next);
          const { etag } = await this.index.upsertEntity(row, 'Replace');
          return { row, etag: etag ?? '', after: confirmed, before: earlier(place) };
        }),
      );
    } catch (error) {
      rethrowStorageError(error, `system ${next.id} lists`);
    }
    return {
      confirm: () => Promise.all(announced.map((a) => this.confirmOne(a))).then(() => undefined),
      withdraw: () => Promise.all(announced.map((a) => this.withdrawOne(a))).then(() => undefined),
    };
  }

  /**
   * A page of a list: at most `limit` items in the list's order (every item without a limit),
   * starting after `range.after`; a row not shown (a pending position the system is not at) is
   * replaced by reading on.
   */
  async page(range: ListRange, limit = Infinity): Promise<SystemListItem[]> {
    try {
      return await readRange<SystemRowProps, SystemListItem>(this.index, rangeFilter(range), limit, this.reads, (row) =>
        this.itemOf(row),
      );
    } catch (error) {
      rethrowStorageError(error, 'system list');
    }
  }

  /**
   * The item a row shows: its own when confirmed and standing at this row; otherwise the stored
   * system's, if the system stands here. A row is tidied once settled or left behind.
   */
  private async itemOf(row: TableEntityResult<SystemRowProps>): Promise<SystemListItem | undefined> {
    const place = { partitionKey: row.partitionKey as string, rowKey: row.rowKey as string };
    const own = row.pending ? undefined : parseItem(row.item);
    if (own && placesOf(own).some((p) => samePlace(p, place))) return own;
    const stored = await this.readSystem(String(row.id));
    const item = stored && this.itemFor(stored);
    const show = item !== undefined && placesOf(item).some((p) => samePlace(p, place));
    const settled = stored !== undefined && stored.version >= Number(row.version ?? 0);
    if (settled || this.isLeftBehind(row)) {
      try {
        if (show) await this.index.updateEntity(listRow(place, item), 'Replace', { etag: row.etag });
        else await this.index.deleteEntity(place.partitionKey, place.rowKey, { etag: row.etag });
      } catch {
        // Written or removed since: by a writer or another reader; the next reader checks it again.
      }
    }
    return show ? item : undefined;
  }

  private isLeftBehind(row: TableEntityResult<SystemRowProps>): boolean {
    return Date.now() - Date.parse(row.timestamp ?? '') > this.leftBehindMs;
  }

  private async confirmOne(a: Announced): Promise<void> {
    try {
      if (a.after) await this.index.updateEntity(a.after, 'Replace', { etag: a.etag });
      else await this.index.deleteEntity(a.row.partitionKey, a.row.rowKey, { etag: a.etag });
    } catch (error) {
      if (!isConflict(error) && !(isNotFound(error) && a.after)) return;
      // The change landed, but the row was written or removed since (a newer change, or a reader
      // that took the announcement for left behind): pending again, the next reader checks it.
      await this.index.upsertEntity(a.row, 'Replace').catch(() => undefined);
    }
  }

  private async withdrawOne(a: Announced): Promise<void> {
    if (a.before) await this.index.updateEntity(a.before, 'Replace', { etag: a.etag }).catch(() => undefined);
  }
}

/** A row's own item, or undefined when it has none or it cannot be read. */
function parseItem(item: string | undefined): SystemListItem | undefined {
  if (item === undefined) return undefined;
  try {
    return JSON.parse(item) as SystemListItem;
  } catch {
    return undefined;
  }
}
