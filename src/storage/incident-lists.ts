import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { toListItem, type IncidentListItem } from '../features/incidents/list-item';
import { isOpen, type Incident, type IncidentKind, type Severity } from '../features/incidents/model';
import { isConflict, isNotFound, isRefusedGroup, rethrowStorageError } from './errors';
import { indexKey, OPEN, REPORTERS, reporterKey, type ListRowProps } from './incident-rows';
import { readRange, rangeFilter, type KeyRange } from './list-range';
import type { ReadCounter } from './read-counter';

type ListRow = ListRowProps & { partitionKey: string; rowKey: string };

/** The row that shows `item` in a list. */
export const itemRow = (partitionKey: string, rowKey: string, item: IncidentListItem, pending: boolean): ListRow => ({
  partitionKey,
  rowKey,
  year: item.year,
  seq: item.seq,
  version: item.version,
  item: JSON.stringify(item),
  kind: item.kind,
  severity: item.severity ?? '',
  pending,
});

/** The row of one incident in one list, as the repository writes it (the benchmark seeds through this too). */
export const listRow = (partitionKey: string, rowKey: string, incident: Incident, pending: boolean): ListRow =>
  itemRow(partitionKey, rowKey, toListItem(incident), pending);

/**
 * Narrows a page to the items with some properties: an OData clause on the rows' own properties
 * (`kind`, `severity`), and the same test on an item, for rows checked against their incident.
 */
export interface Narrowing {
  where: string;
  matches: (item: IncidentListItem) => boolean;
}

/** The narrowing to a kind and a severity (either may be left open); none when both are. */
export function narrowingTo(wanted: { kind?: IncidentKind; severity?: Severity }): Narrowing | undefined {
  const { kind, severity } = wanted;
  const where = [kind ? odata`kind eq ${kind}` : '', severity ? odata`severity eq ${severity}` : '']
    .filter(Boolean)
    .join(' and ');
  if (!where) return undefined;
  return {
    where,
    matches: (item) => (!kind || item.kind === kind) && (!severity || item.severity === severity),
  };
}

/** The lists an incident's rows live in: its reporter's, and the open list while it is open. */
export const listPlaces = (incident: Incident) => ({
  reporter: { partitionKey: REPORTERS, rowKey: reporterKey(incident.reporterId, incident.year, incident.seq) },
  open: { partitionKey: OPEN, rowKey: indexKey(incident.year, incident.seq) },
});

/**
 * What an announcement leaves to do once the transaction it announced has ended. Both run in the
 * background (awaiting them is optional) and never fail: a row left pending is checked by readers.
 */
export interface Announcement {
  /** The transaction landed: the rows now show it (or go, where the incident left the list). */
  confirm(): Promise<void>;
  /** The transaction certainly did not land: rows the incident was in go back to its earlier version, still pending. */
  withdraw(): Promise<void>;
}

/** One row as announced: the eTag of the pending write, where it should end, and what it was before. */
interface Announced {
  row: ListRow;
  etag: string;
  /** The row after the change, or undefined when the incident leaves this list. */
  after?: ListRow;
  /** The row before the change (pending), or undefined when the incident was not in this list. */
  before?: ListRow;
}

/** Whether an incident (or its list item) is in a list: the reporter's own, or open. */
export type Belongs = (incident: Pick<Incident, 'reporterId' | 'state'>) => boolean;

/** How long a pending row may stand before a reader takes it as left behind (no write takes this long). */
const LEFT_BEHIND_MS = 10 * 60_000;

/**
 * The incident lists in table `IncidentIndex`: partition `open`, and partition `reporters` holding
 * every reporter's list (keyed by reporter, newest first); one row per incident with its list item
 * (its kind and severity also as properties of their own, for a page filtered in storage),
 * so a page costs its rows and not one incident read per row, and the rows of a group of new
 * incidents are two transactions (open, reporters) whoever reported them.
 *
 * @remarks Ordering (P1: a stored incident is never missing from its lists; P10: a list never
 * shows something wrong for long). A change is ANNOUNCED first: every row the incident is or will
 * be in is written as `pending` with the new item and version. Then the incident's transaction
 * runs. Then the rows are CONFIRMED (`pending` cleared, with the announcing write's eTag, so a
 * newer announcement is never overwritten) or removed where the incident left the list. A change
 * that certainly failed WITHDRAWS: rows go back to the earlier version, still pending; nothing is
 * removed unchecked, since another writer of the same number may rely on the very row. A reader
 * trusts confirmed rows and checks pending ones (some without an item, left so by a migration) against the
 * incident: it shows the incident as stored, and confirms or removes the row (with the eTag it
 * read) when the stored version is at least the announced one — an announced version above the
 * stored one may be a change in flight, which the reader leaves alone.
 *
 * Crash windows: (1) after the announcement, before the transaction (or a create that lost its
 * number to another instance): pending rows of a change that is not stored. Readers show the
 * stored incident, or nothing for a number not used yet, and rewrite or remove the row once it is
 * ten minutes old; a number used later overwrites its open row, and a reporter row whose number
 * went to someone else is removed at once. (2) After the transaction, before the confirmation:
 * pending rows of a stored change, shown from the incident (one read each) and confirmed by the
 * first reader. (3) A writer stalled for over ten minutes between its announcement and its
 * transaction, which then lands, and which dies before confirming: its row shows the older version
 * until the incident's next change (a confirmation that finds its row changed marks it pending
 * again, so only the crash leaves this). Each pending row costs one read per page until resolved.
 */
export class IncidentLists {
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly index: TableClient,
    private readonly readIncident: (year: number, seq: number) => Promise<Incident | undefined>,
    private readonly reads: ReadCounter,
    private readonly leftBehindMs = LEFT_BEHIND_MS,
  ) {}

  /** Announces new incidents in their lists (one write per partition: the open rows together). */
  async announceNew(created: Incident[]): Promise<Announcement> {
    return this.announce(
      created.flatMap((incident) => {
        const { reporter, open } = listPlaces(incident);
        const rows = [{ place: reporter, after: incident }];
        if (isOpen(incident.state)) rows.push({ place: open, after: incident });
        return rows.map(({ place, after }) => ({
          row: listRow(place.partitionKey, place.rowKey, after, true),
          after: listRow(place.partitionKey, place.rowKey, after, false),
        }));
      }),
    );
  }

  /** Announces a change of an incident in the lists it was or will be in. */
  async announceChange(previous: Incident, next: Incident): Promise<Announcement> {
    const { reporter, open } = listPlaces(previous);
    const planned: Omit<Announced, 'etag'>[] = [
      {
        row: listRow(reporter.partitionKey, reporter.rowKey, next, true),
        // The reporter's row goes when the incident is no longer theirs (anonymised, P10).
        after:
          next.reporterId === previous.reporterId
            ? listRow(reporter.partitionKey, reporter.rowKey, next, false)
            : undefined,
        before: listRow(reporter.partitionKey, reporter.rowKey, previous, true),
      },
    ];
    if (isOpen(previous.state) || isOpen(next.state))
      planned.push({
        row: listRow(open.partitionKey, open.rowKey, next, true),
        after: isOpen(next.state) ? listRow(open.partitionKey, open.rowKey, next, false) : undefined,
        before: isOpen(previous.state) ? listRow(open.partitionKey, open.rowKey, previous, true) : undefined,
      });
    return this.announce(planned);
  }

  /**
   * A page of a list: at most `limit` items (every item without a limit), checked where needed,
   * starting after the row key `list.after` when given. `belongs` says whether an incident is in
   * this list; a row whose own item says otherwise is checked against the incident too (P10: a
   * reporter's list never shows someone else's report).
   *
   * @remarks A narrowed page asks storage for the matching rows and every pending row (a pending
   * row's properties may not be the incident's), and tests each item it shows; so a page reads
   * about what it shows, however many rows do not match. Every row carries the filtered properties
   * (rows written before they were kept got them from a migration, `migrations/incident-list-filter-columns.ts`).
   */
  async page(list: KeyRange, belongs: Belongs, limit = Infinity, narrowing?: Narrowing): Promise<IncidentListItem[]> {
    const filter = rangeFilter(list, narrowing ? `(pending eq true or (${narrowing.where}))` : '');
    try {
      return await readRange<ListRowProps, IncidentListItem>(this.index, filter, limit, this.reads, async (row) => {
        const item = await this.itemOf(row, belongs);
        return item && (!narrowing || narrowing.matches(item)) ? item : undefined;
      });
    } catch (error) {
      rethrowStorageError(error, 'incident list');
    }
  }

  private isLeftBehind(row: TableEntityResult<ListRowProps>): boolean {
    return Date.now() - Date.parse(row.timestamp ?? '') > this.leftBehindMs;
  }

  /** Waits for the confirmations and repairs still running in the background. */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /** Runs a write in the background (the caller may wait); a failure leaves a pending row, which readers check. */
  private tracked(work: () => Promise<void>): Promise<void> {
    const running: Promise<void> = work()
      .catch(() => undefined)
      .finally(() => this.background.delete(running));
    this.background.add(running);
    return running;
  }

  private async announce(planned: Omit<Announced, 'etag'>[]): Promise<Announcement> {
    const announced: Announced[] = [];
    try {
      await Promise.all(
        byPartition(planned).map(async (rows) => {
          const etags =
            rows.length === 1
              ? [(await this.index.upsertEntity((rows[0] as Omit<Announced, 'etag'>).row, 'Replace')).etag]
              : (
                  await this.index.submitTransaction(rows.map((r): TransactionAction => ['upsert', r.row, 'Replace']))
                ).subResponses.map((response) => response.etag);
          rows.forEach((r, i) => announced.push({ ...r, etag: etags[i] ?? '' }));
        }),
      );
    } catch (error) {
      // Refused as a group (one row storage cannot take): the caller writes its members one by one.
      if (isRefusedGroup(error)) throw error;
      rethrowStorageError(error, 'incident lists');
    }
    return {
      confirm: () => this.tracked(() => this.confirm(announced)),
      withdraw: () => this.tracked(() => this.withdraw(announced)),
    };
  }

  /**
   * Brings each announced row to where the change leaves it, if nobody wrote it since the
   * announcement: a partition's updates in one transaction, row by row when that fails. Removals go
   * row by row (a transaction deletes without regard to the eTag).
   */
  private async confirm(announced: Announced[]): Promise<void> {
    await Promise.all(
      byPartition(announced).map(async (rows) => {
        const updates = rows.flatMap((r) =>
          r.after ? [['update', r.after, 'Replace', { etag: r.etag }] as TransactionAction] : [],
        );
        if (rows.length > 1 && updates.length === rows.length) {
          try {
            await this.index.submitTransaction(updates);
            return;
          } catch {
            // One of them was written since: each on its own.
          }
        }
        await Promise.all(rows.map((r) => this.confirmOne(r)));
      }),
    );
  }

  private async confirmOne(r: Announced): Promise<void> {
    try {
      if (r.after) await this.index.updateEntity(r.after, 'Replace', { etag: r.etag });
      else await this.index.deleteEntity(r.row.partitionKey, r.row.rowKey, { etag: r.etag });
    } catch (error) {
      if (!isConflict(error) && !(isNotFound(error) && r.after)) return;
      // The change landed, but the row was written or removed since: by a newer change (pending,
      // so checked anyway) or by a reader that took the announcement for left behind. Pending
      // again, the next reader checks it against the incident.
      await this.index.upsertEntity(r.row, 'Replace').catch(() => undefined);
    }
  }

  /**
   * Puts rows the incident was in before back to its earlier version, still pending (so a reader
   * confirms them at once). Nothing is removed: a row written by another writer of the same number
   * or version in between may be the one its stored change relies on, and a pending row is only
   * ever checked, never trusted.
   */
  private async withdraw(announced: Announced[]): Promise<void> {
    await Promise.all(
      announced.map((r) =>
        r.before ? this.index.updateEntity(r.before, 'Replace', { etag: r.etag }).catch(() => undefined) : undefined,
      ),
    );
  }

  /** The item a row shows: its own when confirmed; otherwise the stored incident's, if it belongs in the list. */
  private async itemOf(row: TableEntityResult<ListRowProps>, belongs: Belongs): Promise<IncidentListItem | undefined> {
    const own = row.pending ? undefined : parseItem(row.item);
    if (own && belongs(own)) return own;
    const incident = await this.readIncident(Number(row.year), Number(row.seq));
    const announced = Number(row.version ?? 0);
    const leftBehind = this.isLeftBehind(row);
    const settled = incident !== undefined && incident.version >= announced;
    const place = { partitionKey: row.partitionKey as string, rowKey: row.rowKey as string };
    const show = incident !== undefined && belongs(incident);
    if (settled || leftBehind) {
      void this.tracked(async () => {
        if (show)
          await this.index.updateEntity(listRow(place.partitionKey, place.rowKey, incident, false), 'Replace', {
            etag: row.etag,
          });
        else await this.index.deleteEntity(place.partitionKey, place.rowKey, { etag: row.etag });
      });
    }
    return show ? toListItem(incident) : undefined;
  }
}

/** Rows grouped by partition: one write per partition (a transaction when there are several). */
function byPartition<T extends { row: ListRow }>(rows: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(r.row.partitionKey, [...(groups.get(r.row.partitionKey) ?? []), r]);
  return [...groups.values()];
}

/** A row's own item, or undefined when it has none (a pending row a migration marked) or it cannot be read. */
export function parseItem(item: string | undefined): IncidentListItem | undefined {
  if (item === undefined) return undefined;
  try {
    return JSON.parse(item) as IncidentListItem;
  } catch {
    return undefined;
  }
}
