import { ConflictError, NotFoundError } from '../../../src/errors';
import { toListItem, type IncidentListItem } from '../../../src/features/incidents/list-item';
import { isOpen, type HistoryEntry, type Incident } from '../../../src/features/incidents/model';
import { formatNumber } from '../../../src/features/incidents/numbering';
import type {
  IncidentRepository,
  IncidentView,
  NewIncident,
  OpenListQuery,
  StoredIncident,
} from '../../../src/features/incidents/repository';
import { MemoryRows } from './rows';

const incidentKey = (year: number, seq: number): string => `${year}-${String(seq).padStart(7, '0')}`;
const historyKey = (year: number, seq: number, version: number): string =>
  `${incidentKey(year, seq)}-${String(version).padStart(7, '0')}`;
const byNumber = (a: { year: number; seq: number }, b: { year: number; seq: number }): number =>
  a.year - b.year || a.seq - b.seq;
const before = (a: { year: number; seq: number }, b: { year: number; seq: number }): boolean => byNumber(a, b) < 0;

/**
 * Incidents and their history in memory, held to the contract of `TableIncidentRepository`
 * (`test/support/contracts/incident-repository.ts`): gap-free numbers per year, one incident per
 * submission key and year, eTag-guarded updates with an append-only history keyed by version, the
 * lists as the Table store pages them (open oldest first, a reporter's newest first), copies on
 * every read. The retention store in memory rewrites its history through {@link historyRows}.
 */
export class MemoryIncidentRepository implements IncidentRepository {
  private readonly incidents = new MemoryRows<Incident>();
  /** History rows by `<year>-<seq>-<version>`, as the Table store's are keyed by version. */
  readonly historyRows = new MemoryRows<HistoryEntry>();
  private readonly counters = new Map<number, number>();
  private readonly submissions = new Map<string, { year: number; seq: number }>();

  async create(
    draft: NewIncident,
    year: number,
    submissionKey: string,
    firstEntry: Omit<HistoryEntry, 'version'>,
  ): Promise<{ incident: Incident; created: boolean }> {
    const submitted = this.submissions.get(`${year}\n${submissionKey}`);
    if (submitted) {
      const stored = await this.get(submitted.year, submitted.seq);
      if (stored) return { incident: stored.incident, created: false };
    }
    const seq = (this.counters.get(year) ?? 0) + 1;
    const incident: Incident = { ...draft, number: formatNumber(year, seq), year, seq, version: 1 };
    this.incidents.create(incidentKey(year, seq), incident);
    this.historyRows.create(historyKey(year, seq, 1), { ...firstEntry, version: 1 });
    this.counters.set(year, seq);
    this.submissions.set(`${year}\n${submissionKey}`, { year, seq });
    return { incident: JSON.parse(JSON.stringify(incident)) as Incident, created: true };
  }

  async get(year: number, seq: number): Promise<StoredIncident | undefined> {
    const row = this.incidents.get(incidentKey(year, seq));
    return row && { incident: row.value, etag: row.etag };
  }

  async history(year: number, seq: number): Promise<HistoryEntry[]> {
    const prefix = `${incidentKey(year, seq)}-`;
    return this.historyRows
      .entries()
      .filter(({ key }) => key.startsWith(prefix))
      .map(({ value }) => value)
      .sort((a, b) => a.version - b.version);
  }

  async view(year: number, seq: number): Promise<IncidentView | undefined> {
    const stored = await this.get(year, seq);
    return stored && { incident: stored.incident, history: await this.history(year, seq) };
  }

  async update(next: Incident, etag: string, entry: HistoryEntry): Promise<StoredIncident> {
    const key = incidentKey(next.year, next.seq);
    const row = this.incidents.get(key);
    if (!row) throw new NotFoundError(next.number);
    // As one Table transaction: a stale eTag or a version already in the history changes nothing.
    if (row.etag !== etag || this.historyRows.has(historyKey(next.year, next.seq, entry.version)))
      throw new ConflictError(next.number);
    const saved = this.incidents.replace(key, next, etag);
    this.historyRows.create(historyKey(next.year, next.seq, entry.version), entry);
    return { incident: next, etag: saved };
  }

  async listByReporter(
    reporterId: string,
    limit: number,
    after?: { year: number; seq: number },
  ): Promise<IncidentListItem[]> {
    return this.incidents
      .values()
      .filter((incident) => incident.reporterId === reporterId && (!after || before(incident, after)))
      .sort((a, b) => byNumber(b, a))
      .slice(0, Math.max(0, limit))
      .map(toListItem);
  }

  async listOpen(limit?: number, query: OpenListQuery = {}): Promise<IncidentListItem[]> {
    const { after, kind, severity } = query;
    const open = this.incidents
      .values()
      .filter(
        (incident) =>
          isOpen(incident.state) &&
          (!after || before(after, incident)) &&
          (!kind || incident.kind === kind) &&
          (!severity || incident.severity === severity),
      )
      .sort(byNumber)
      .map(toListItem);
    return limit === undefined ? open : open.slice(0, Math.max(0, limit));
  }

  /** Every incident, by number (what the retention run scans). */
  allIncidents(): Incident[] {
    return this.incidents.values().sort(byNumber);
  }

  async listReportedBetween(from: Date, to: Date): Promise<Incident[]> {
    const [start, end] = [from.toISOString(), to.toISOString()];
    return this.incidents
      .values()
      .filter((incident) => incident.reportedAt >= start && incident.reportedAt < end)
      .sort(byNumber);
  }
}
