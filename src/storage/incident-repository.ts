import { odata, type TableClient } from '@azure/data-tables';
import type { IncidentListItem } from '../features/incidents/list-item';
import { isOpen, type HistoryEntry, type Incident } from '../features/incidents/model';
import type {
  IncidentRepository,
  IncidentView,
  NewIncident,
  OpenListQuery,
  StoredIncident,
} from '../features/incidents/repository';
import { ExpiringCache } from '../expiring-cache';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { IncidentCreates, isRefused } from './incident-creates';
import { IncidentLists, narrowingTo } from './incident-lists';
import {
  historyKey,
  historyRow,
  incidentKey,
  incidentRow,
  indexKey,
  OPEN,
  REPORTERS,
  reporterKey,
  reporterRange,
  submissionKey,
  yearKey,
  type IncidentRow,
} from './incident-rows';
import { fromJsonColumns } from './json-columns';
import type { ReadCounter } from './read-counter';

/** How long an instance shows an incident as it read it, unless it changed it itself. */
export const incidentViewMs = 15_000;

/**
 * Incidents in Table Storage.
 *
 * @remarks Layout. Table `Incidents`, one partition per year: the number counter, each incident,
 * its append-only history rows, and one row per submission (double-submit guard) — so creating an
 * incident (counter + incident + history + submission) is ONE transaction, and numbers are
 * gap-free. Creates of one year are grouped into one such transaction for several incidents
 * (group commit, {@link IncidentCreates}). Table `IncidentIndex` holds the lists: `open` and
 * `reporters` (every reporter's list, keyed by reporter), each row carrying the incident's list
 * item, and its kind and severity as properties of their own so a filtered page is filtered in
 * storage. A change is announced in the list rows (pending) before the incident is written and
 * confirmed after, and readers check pending rows against the incident: a stored incident is never
 * missing from a list, a page reads its rows and not its incidents, and the crash windows are
 * stated on {@link IncidentLists}. Keys and rows are built in `incident-rows.ts` and
 * `incident-lists.ts`.
 */
export class TableIncidentRepository implements IncidentRepository {
  private readonly creates: IncidentCreates;
  private readonly lists: IncidentLists;
  private readonly views: ExpiringCache<string, IncidentView | undefined>;

  constructor(
    private readonly incidents: TableClient,
    index: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
    /** How old a pending list row must be before a reader takes it as left behind (tests shorten it). */
    leftBehindMs?: number,
    /** The clock of the views kept for display (tests move it). */
    now?: () => number,
  ) {
    this.views = new ExpiringCache(incidentViewMs, {
      now,
      limit: 500,
      copy: (view) => view && structuredClone(view),
      keep: (view) => view !== undefined,
    });
    this.lists = new IncidentLists(
      index,
      async (year, seq) => (await this.get(year, seq))?.incident,
      reads,
      leftBehindMs,
    );
    this.creates = new IncidentCreates(incidents, {
      announce: (created) => this.lists.announceNew(created),
      bySubmission: (year, key) => this.bySubmission(year, key),
    });
  }

  /** Stored by group commit with the other creates of its year waiting in this instance (see {@link IncidentCreates}). */
  create(
    draft: NewIncident,
    year: number,
    submissionKey: string,
    firstEntry: Omit<HistoryEntry, 'version'>,
  ): Promise<{ incident: Incident; created: boolean }> {
    return this.creates.create(year, { draft, submissionKey, firstEntry });
  }

  async get(year: number, seq: number): Promise<StoredIncident | undefined> {
    try {
      const row = await this.incidents.getEntity<IncidentRow>(yearKey(year), incidentKey(seq));
      this.reads.add(1);
      return { incident: fromJsonColumns<Incident>(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'incident');
    }
  }

  /**
   * @remarks Teams refreshes a channel's triage cards for every coordinator who opens the channel,
   * so one incident is shown many times between changes (bench B1, triage card refresh). Views are
   * kept per instance for 15 s ({@link incidentViewMs}); a change through this instance forgets its
   * view at once (see `update`), one through another instance shows within 15 s, and every change
   * still goes through `get` and the eTag. Deletion by retention (closed incidents, years old) is
   * not announced here: a deleted incident can be shown for up to 15 s more on an open card.
   */
  view(year: number, seq: number): Promise<IncidentView | undefined> {
    return this.views.get(`${year}-${seq}`, async () => {
      const [stored, history] = await Promise.all([this.get(year, seq), this.history(year, seq)]);
      return stored && { incident: stored.incident, history };
    });
  }

  async history(year: number, seq: number): Promise<HistoryEntry[]> {
    const from = historyKey(seq, 0);
    const to = historyKey(seq + 1, 0);
    const filter = odata`PartitionKey eq ${yearKey(year)} and RowKey gt ${from} and RowKey lt ${to}`;
    const entries: HistoryEntry[] = [];
    try {
      for await (const row of this.incidents.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        entries.push(fromJsonColumns<HistoryEntry>(row));
      }
    } catch (error) {
      rethrowStorageError(error, 'incident history');
    }
    this.reads.add(entries.length);
    return entries.sort((a, b) => a.version - b.version);
  }

  /** Announces the change in the incident's lists, replaces it with its eTag, then confirms the lists (see {@link IncidentLists}). */
  async update(next: Incident, etag: string, entry: HistoryEntry, previous?: Incident): Promise<StoredIncident> {
    const viewKey = `${next.year}-${next.seq}`;
    this.views.forget(viewKey);
    try {
      return await this.replace(next, etag, entry, previous);
    } finally {
      this.views.forget(viewKey);
    }
  }

  private async replace(next: Incident, etag: string, entry: HistoryEntry, previous?: Incident) {
    const partitionKey = yearKey(next.year);
    const before = previous ?? (await this.get(next.year, next.seq))?.incident ?? next;
    const announcement = await this.lists.announceChange(before, next);
    try {
      const [result] = (
        await this.incidents.submitTransaction([
          ['update', { partitionKey, rowKey: incidentKey(next.seq), ...incidentRow(next) }, 'Replace', { etag }],
          // The history row is keyed by version: a second writer of the same version conflicts here
          // even where an emulator ignores If-Match inside a batch.
          ['create', { partitionKey, rowKey: historyKey(next.seq, entry.version), ...historyRow(entry) }],
        ])
      ).subResponses;
      await announcement.confirm();
      return { incident: next, etag: result?.etag ?? '' };
    } catch (error) {
      // Refused (a stale eTag, a row over the limits): the lists go back. Unreachable: it may have landed, they stay pending.
      if (isConflict(error) || isRefused(error)) void announcement.withdraw();
      rethrowStorageError(error, next.number);
    }
  }

  /** @remarks One reporter's rows are one key range of the shared `reporters` partition. */
  listByReporter(
    reporterId: string,
    limit: number,
    after?: { year: number; seq: number },
  ): Promise<IncidentListItem[]> {
    const belongs = (incident: Pick<Incident, 'reporterId'>) => incident.reporterId === reporterId;
    const range = { partitionKey: REPORTERS, ...reporterRange(reporterId) };
    return this.lists.page(
      after ? { ...range, after: reporterKey(reporterId, after.year, after.seq) } : range,
      belongs,
      limit,
    );
  }

  /** @remarks The kind and severity are filtered in storage, on the open rows' own properties (see {@link IncidentLists.page}). */
  listOpen(limit?: number, query: OpenListQuery = {}): Promise<IncidentListItem[]> {
    const after = query.after && indexKey(query.after.year, query.after.seq);
    return this.lists.page(
      { partitionKey: OPEN, after },
      (incident) => isOpen(incident.state),
      limit,
      narrowingTo(query),
    );
  }

  /** Waits for list rows still being confirmed or repaired in the background (tests; a clean stop). */
  settled(): Promise<void> {
    return this.lists.settled();
  }

  async listReportedBetween(from: Date, to: Date): Promise<Incident[]> {
    const found: Incident[] = [];
    for (let year = from.getUTCFullYear() - 1; year <= to.getUTCFullYear(); year++) {
      const filter =
        odata`PartitionKey eq ${yearKey(year)} and RowKey gt 'i' and RowKey lt 'j'` +
        odata` and reportedAt ge ${from.toISOString()} and reportedAt lt ${to.toISOString()}`;
      try {
        for await (const row of this.incidents.listEntities<IncidentRow>({ queryOptions: { filter } })) {
          found.push(fromJsonColumns<Incident>(row));
        }
      } catch (error) {
        rethrowStorageError(error, 'incidents');
      }
    }
    this.reads.add(found.length);
    return found.sort((a, b) => a.year - b.year || a.seq - b.seq);
  }

  private async bySubmission(year: number, key: string): Promise<Incident | undefined> {
    try {
      const row = await this.incidents.getEntity<{ seq: number }>(yearKey(year), submissionKey(key));
      return (await this.get(year, row.seq))?.incident;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'submission');
    }
  }
}
