import type { TableClient, TransactionAction } from '@azure/data-tables';
import { isOpen, type HistoryEntry, type Incident } from '../features/incidents/model';
import type { IncidentRepository, NewIncident, StoredIncident } from '../features/incidents/repository';
import { isNotFound, rethrowStorageError } from './errors';
import { IncidentCreates } from './incident-creates';
import {
  historyKey,
  historyRow,
  incidentKey,
  incidentRow,
  indexKey,
  newestFirstKey,
  OPEN,
  reporterPartition,
  submissionKey,
  yearKey,
  type IncidentRow,
} from './incident-rows';
import { odataString } from './keys';
import type { ReadCounter } from './read-counter';

/**
 * Incidents in Table Storage.
 *
 * @remarks Layout. Table `Incidents`, one partition per year: the number counter, each incident,
 * its append-only history rows, and one row per submission (double-submit guard) — so creating an
 * incident (counter + incident + history + submission) is ONE transaction, and numbers are
 * gap-free. Creates of one year are grouped into one such transaction for several incidents
 * (group commit, {@link IncidentCreates}). Table `IncidentIndex` holds the lists: `open` and
 * `reporter_<id>`. Index rows are written before the incident and checked against it on read, so a
 * crash between the two leaves at most a stale hint that readers skip and delete — never a stored
 * incident missing from a list. Keys and rows are built in `incident-rows.ts`.
 */
export class TableIncidentRepository implements IncidentRepository {
  private readonly creates: IncidentCreates;

  constructor(
    private readonly incidents: TableClient,
    private readonly index: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
  ) {
    this.creates = new IncidentCreates(incidents, {
      writeLists: (created) => this.writeNewHints(created),
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
      return { incident: JSON.parse(row.json) as Incident, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'incident');
    }
  }

  async history(year: number, seq: number): Promise<HistoryEntry[]> {
    const from = historyKey(seq, 0);
    const to = historyKey(seq + 1, 0);
    const filter = `PartitionKey eq ${odataString(yearKey(year))} and RowKey gt ${odataString(from)} and RowKey lt ${odataString(to)}`;
    const entries: HistoryEntry[] = [];
    try {
      for await (const row of this.incidents.listEntities<{ json: string }>({ queryOptions: { filter } })) {
        entries.push(JSON.parse(row.json) as HistoryEntry);
      }
    } catch (error) {
      rethrowStorageError(error, 'incident history');
    }
    this.reads.add(entries.length);
    return entries.sort((a, b) => a.version - b.version);
  }

  async update(next: Incident, etag: string, entry: HistoryEntry): Promise<StoredIncident> {
    const partitionKey = yearKey(next.year);
    await this.writeHints(next, etag);
    try {
      const [result] = (
        await this.incidents.submitTransaction([
          ['update', { partitionKey, rowKey: incidentKey(next.seq), ...incidentRow(next) }, 'Replace', { etag }],
          // The history row is keyed by version: a second writer of the same version conflicts here
          // even where an emulator ignores If-Match inside a batch.
          ['create', { partitionKey, rowKey: historyKey(next.seq, entry.version), ...historyRow(entry) }],
        ])
      ).subResponses;
      if (!isOpen(next.state)) await this.dropHint(OPEN, indexKey(next.year, next.seq));
      return { incident: next, etag: result?.etag ?? '' };
    } catch (error) {
      rethrowStorageError(error, next.number);
    }
  }

  async listByReporter(reporterId: string, limit: number): Promise<Incident[]> {
    const hints = await this.hints(reporterPartition(reporterId), limit);
    const found = await this.resolve(hints);
    return found
      .filter(({ hint, incident }) => {
        const valid = incident?.reporterId === reporterId;
        if (!valid) void this.dropHint(hint.partitionKey, hint.rowKey);
        return valid;
      })
      .map(({ incident }) => incident as Incident);
  }

  async listOpen(limit: number): Promise<Incident[]> {
    const found = await this.resolve(await this.hints(OPEN, limit));
    return found
      .filter(({ hint, incident }) => {
        const valid = incident !== undefined && isOpen(incident.state);
        if (!valid && incident) void this.dropHint(hint.partitionKey, hint.rowKey);
        return valid;
      })
      .map(({ incident }) => incident as Incident);
  }

  async listReportedBetween(from: Date, to: Date): Promise<Incident[]> {
    const found: Incident[] = [];
    for (let year = from.getUTCFullYear() - 1; year <= to.getUTCFullYear(); year++) {
      const filter =
        `PartitionKey eq ${odataString(yearKey(year))} and RowKey gt 'i' and RowKey lt 'j'` +
        ` and reportedAt ge ${odataString(from.toISOString())} and reportedAt lt ${odataString(to.toISOString())}`;
      try {
        for await (const row of this.incidents.listEntities<IncidentRow>({ queryOptions: { filter } })) {
          found.push(JSON.parse(row.json) as Incident);
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

  /** Writes the list rows a changed incident belongs in before the incident itself (idempotent). */
  private async writeHints(incident: Incident, previousEtag: string | undefined): Promise<void> {
    if (previousEtag === undefined) return this.writeNewHints([incident]);
    if (!isOpen(incident.state)) return;
    try {
      await this.index.upsertEntity(hint(OPEN, indexKey(incident.year, incident.seq), incident), 'Replace');
    } catch (error) {
      rethrowStorageError(error, `${incident.number} index`);
    }
  }

  /**
   * Writes the list rows of new incidents before the transaction that stores them (idempotent): the
   * open rows in one transaction (one partition), each reporter's rows in one, all at once.
   */
  private async writeNewHints(created: Incident[]): Promise<void> {
    const byPartition = new Map<string, ReturnType<typeof hint>[]>();
    const add = (row: ReturnType<typeof hint>) =>
      byPartition.set(row.partitionKey, [...(byPartition.get(row.partitionKey) ?? []), row]);
    for (const incident of created) {
      add(hint(reporterPartition(incident.reporterId), newestFirstKey(incident.year, incident.seq), incident));
      if (isOpen(incident.state)) add(hint(OPEN, indexKey(incident.year, incident.seq), incident));
    }
    try {
      await Promise.all(
        [...byPartition.values()].map((rows) =>
          rows.length === 1
            ? this.index.upsertEntity(rows[0] as ReturnType<typeof hint>, 'Replace')
            : this.index.submitTransaction(rows.map((row): TransactionAction => ['upsert', row, 'Replace'])),
        ),
      );
    } catch (error) {
      rethrowStorageError(error, 'incident index');
    }
  }

  private async dropHint(partitionKey: string, rowKey: string): Promise<void> {
    try {
      await this.index.deleteEntity(partitionKey, rowKey);
    } catch {
      // A stale hint that stays is skipped again on the next read.
    }
  }

  private async hints(
    partitionKey: string,
    limit: number,
  ): Promise<{ partitionKey: string; rowKey: string; year: number; seq: number }[]> {
    const hints: { partitionKey: string; rowKey: string; year: number; seq: number }[] = [];
    try {
      const pages = this.index
        .listEntities<{ year: number; seq: number }>({
          queryOptions: { filter: `PartitionKey eq ${odataString(partitionKey)}` },
        })
        .byPage({ maxPageSize: limit });
      for await (const page of pages) {
        for (const row of page)
          hints.push({ partitionKey, rowKey: row.rowKey as string, year: Number(row.year), seq: Number(row.seq) });
        if (hints.length >= limit) break;
      }
    } catch (error) {
      rethrowStorageError(error, 'incident list');
    }
    this.reads.add(hints.length);
    return hints.slice(0, limit);
  }

  private async resolve<T extends { year: number; seq: number }>(
    hints: T[],
  ): Promise<{ hint: T; incident?: Incident }[]> {
    return Promise.all(
      hints.map(async (hint) => ({ hint, incident: (await this.get(hint.year, hint.seq))?.incident })),
    );
  }
}

const hint = (partitionKey: string, rowKey: string, incident: Incident) => ({
  partitionKey,
  rowKey,
  year: incident.year,
  seq: incident.seq,
});
