import type { HistoryEntry, Incident } from './model';

/** A stored incident with the storage version token needed to change it. */
export interface StoredIncident {
  incident: Incident;
  /** Opaque concurrency token (the Table eTag); an update with a stale one fails with a conflict. */
  etag: string;
}

/** The new incident before it has a number. */
export type NewIncident = Omit<Incident, 'number' | 'year' | 'seq' | 'version'>;

/** Where incidents and their history are kept (P1). */
export interface IncidentRepository {
  /**
   * Stores a new incident under the next number of its year, exactly once per `submissionKey`:
   * a repeated submission returns the incident the first one created, with `created: false`.
   */
  create(
    draft: NewIncident,
    year: number,
    submissionKey: string,
    firstEntry: Omit<HistoryEntry, 'version'>,
  ): Promise<{ incident: Incident; created: boolean }>;
  get(year: number, seq: number): Promise<StoredIncident | undefined>;
  history(year: number, seq: number): Promise<HistoryEntry[]>;
  /** Replaces the incident if it is still at `etag`, appending the history entry atomically; throws ConflictError otherwise. */
  update(next: Incident, etag: string, entry: HistoryEntry): Promise<StoredIncident>;
  /** A reporter's own incidents, newest first. */
  listByReporter(reporterId: string, limit: number): Promise<Incident[]>;
  /** Open incidents, oldest number first. */
  listOpen(limit: number): Promise<Incident[]>;
  /** Incidents reported in [from, to), by number. */
  listReportedBetween(from: Date, to: Date): Promise<Incident[]>;
}
