import type { IncidentListItem } from './list-item';
import type { HistoryEntry, Incident, IncidentKind, Severity } from './model';

/** A stored incident with the storage version token needed to change it. */
export interface StoredIncident {
  incident: Incident;
  /** Opaque concurrency token (the Table eTag); an update with a stale one fails with a conflict. */
  etag: string;
}

/** An incident with its history, as a card shows it. */
export interface IncidentView {
  incident: Incident;
  history: HistoryEntry[];
}

/** The new incident before it has a number. */
export type NewIncident = Omit<Incident, 'number' | 'year' | 'seq' | 'version'>;

/** Which open incidents a page of the open list shows. */
export interface OpenListQuery {
  /** Only incidents numbered after this one (the last one the previous page showed). */
  after?: { year: number; seq: number };
  kind?: IncidentKind;
  severity?: Severity;
}

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
  /**
   * The incident and its history for display only, read together; a change made through another
   * instance may show here up to 15 s late (never use it to change the incident: `get` has the eTag).
   */
  view(year: number, seq: number): Promise<IncidentView | undefined>;
  /**
   * Replaces the incident if it is still at `etag`, appending the history entry atomically; throws
   * ConflictError otherwise. `previous` is the incident as read with that eTag (its lists are
   * updated from it); without it, it is read again.
   */
  update(next: Incident, etag: string, entry: HistoryEntry, previous?: Incident): Promise<StoredIncident>;
  /** A reporter's own incidents, newest first. */
  listByReporter(reporterId: string, limit: number, after?: { year: number; seq: number }): Promise<IncidentListItem[]>;
  /**
   * Open incidents, oldest number first: the first `limit` of those after `query.after` and of its
   * kind and severity (each when given), or every one without a limit.
   */
  listOpen(limit?: number, query?: OpenListQuery): Promise<IncidentListItem[]>;
  /** Incidents reported in [from, to), by number. */
  listReportedBetween(from: Date, to: Date): Promise<Incident[]>;
}
