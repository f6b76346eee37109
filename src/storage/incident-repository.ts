import type { TableClient, TransactionAction } from '@azure/data-tables';
import { ConflictError } from '../errors';
import { isOpen, type HistoryEntry, type Incident } from '../features/incidents/model';
import { formatNumber } from '../features/incidents/numbering';
import type { IncidentRepository, NewIncident, StoredIncident } from '../features/incidents/repository';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { odataString } from './keys';
import type { ReadCounter } from './read-counter';

const yearKey = (year: number): string => `y${year}`;
const incidentKey = (seq: number): string => `i${String(seq).padStart(7, '0')}`;
const historyKey = (seq: number, version: number): string =>
  `h${String(seq).padStart(7, '0')}-${String(version).padStart(6, '0')}`;
const submissionRow = (key: string): string => `s${key}`;
const COUNTER = 'counter';
const OPEN = 'open';
const reporterPartition = (userId: string): string => `reporter_${userId}`;
/** Index row keys: `2026-0000042` sorts by number; the reporter's list sorts newest first. */
const indexKey = (year: number, seq: number): string => `${year}-${String(seq).padStart(7, '0')}`;
const newestFirstKey = (year: number, seq: number): string =>
  String(99_999_999_999 - (year * 10_000_000 + seq)).padStart(11, '0');

interface IncidentRow {
  json: string;
  state: string;
  reporterId: string;
  reportedAt: string;
}

/**
 * Incidents in Table Storage.
 *
 * @remarks Layout. Table `Incidents`, one partition per year: the number counter, each incident,
 * its append-only history rows, and one row per submission (double-submit guard) — so creating an
 * incident (counter + incident + history + submission) is ONE transaction, and numbers are
 * gap-free. Table `IncidentIndex` holds the lists: `open` and `reporter_<id>`. Index rows are
 * written before the incident and checked against it on read, so a crash between the two leaves at
 * most a stale hint that readers skip and delete — never a stored incident missing from a list.
 */
export class TableIncidentRepository implements IncidentRepository {
  private readonly creating = new Map<number, Promise<unknown>>();

  constructor(
    private readonly incidents: TableClient,
    private readonly index: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
  ) {}

  /**
   * Creates one at a time per year within this instance: every create contends for the year's
   * counter row, and concurrent ones in one process would only make each other retry. Other
   * instances still race, and lose safely through the counter's eTag and the row conflicts.
   */
  async create(
    draft: NewIncident,
    year: number,
    submissionKey: string,
    firstEntry: Omit<HistoryEntry, 'version'>,
  ): Promise<{ incident: Incident; created: boolean }> {
    const previous = this.creating.get(year) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.createNow(draft, year, submissionKey, firstEntry));
    this.creating.set(year, run);
    try {
      return await run;
    } finally {
      if (this.creating.get(year) === run) this.creating.delete(year);
    }
  }

  private async createNow(
    draft: NewIncident,
    year: number,
    submissionKey: string,
    firstEntry: Omit<HistoryEntry, 'version'>,
  ): Promise<{ incident: Incident; created: boolean }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const earlier = await this.bySubmission(year, submissionKey);
      if (earlier) return { incident: earlier, created: false };
      const counter = await this.readCounter(year);
      const seq = counter.last + 1;
      const incident: Incident = { ...draft, number: formatNumber(year, seq), year, seq, version: 1 };
      await this.writeHints(incident, undefined);
      const partitionKey = yearKey(year);
      const actions: TransactionAction[] = [
        counter.etag
          ? ['update', { partitionKey, rowKey: COUNTER, last: seq }, 'Replace', { etag: counter.etag }]
          : ['create', { partitionKey, rowKey: COUNTER, last: seq }],
        ['create', { partitionKey, rowKey: incidentKey(seq), ...this.row(incident) }],
        ['create', { partitionKey, rowKey: historyKey(seq, 1), json: JSON.stringify({ ...firstEntry, version: 1 }) }],
        ['create', { partitionKey, rowKey: submissionRow(submissionKey), seq }],
      ];
      try {
        await this.incidents.submitTransaction(actions);
        return { incident, created: true };
      } catch (error) {
        if (!isConflict(error)) rethrowStorageError(error, 'incident');
        // Someone else took this number (or this very submission won elsewhere): look again.
      }
    }
    throw new ConflictError('incident number');
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
          ['update', { partitionKey, rowKey: incidentKey(next.seq), ...this.row(next) }, 'Replace', { etag }],
          // The history row is keyed by version: a second writer of the same version conflicts here
          // even where an emulator ignores If-Match inside a batch.
          ['create', { partitionKey, rowKey: historyKey(next.seq, entry.version), json: JSON.stringify(entry) }],
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

  private row(incident: Incident) {
    return {
      json: JSON.stringify(incident),
      state: incident.state,
      reporterId: incident.reporterId,
      reportedAt: incident.reportedAt,
    };
  }

  private async bySubmission(year: number, key: string): Promise<Incident | undefined> {
    try {
      const row = await this.incidents.getEntity<{ seq: number }>(yearKey(year), submissionRow(key));
      return (await this.get(year, row.seq))?.incident;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'submission');
    }
  }

  private async readCounter(year: number): Promise<{ last: number; etag?: string }> {
    try {
      const row = await this.incidents.getEntity<{ last: number }>(yearKey(year), COUNTER);
      return { last: Number(row.last), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return { last: 0 };
      rethrowStorageError(error, 'incident counter');
    }
  }

  /** Writes the list rows an incident belongs in before the incident itself (idempotent). */
  private async writeHints(incident: Incident, previousEtag: string | undefined): Promise<void> {
    const number = incident.number;
    try {
      if (previousEtag === undefined) {
        await this.index.upsertEntity(
          {
            partitionKey: reporterPartition(incident.reporterId),
            rowKey: newestFirstKey(incident.year, incident.seq),
            year: incident.year,
            seq: incident.seq,
          },
          'Replace',
        );
      }
      if (isOpen(incident.state)) {
        await this.index.upsertEntity(
          { partitionKey: OPEN, rowKey: indexKey(incident.year, incident.seq), year: incident.year, seq: incident.seq },
          'Replace',
        );
      }
    } catch (error) {
      rethrowStorageError(error, `${number} index`);
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
