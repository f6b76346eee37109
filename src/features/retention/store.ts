import type { Screening } from '../dpia/model';
import type { StoredScreening } from '../dpia/repository';
import type { HistoryEntry, Incident } from '../incidents/model';
import type { StoredIncident } from '../incidents/repository';

/** What the retention run reads and rewrites in storage. */
export interface RetentionStore {
  /** Every incident in the closed states (`closed`, `notAnIncident`), with its eTag. */
  closedIncidents(): Promise<StoredIncident[]>;
  /** Rewrites every history row of the incident with `rewrite`; returns how many rows it wrote. */
  rewriteHistory(incident: Incident, rewrite: (entry: HistoryEntry) => HistoryEntry): Promise<number>;
  /** Replaces the incident if still at `etag`, appending `entry` (ConflictError otherwise). */
  replace(next: Incident, etag: string, entry: HistoryEntry): Promise<void>;
  /** Every DPIA screening, with its eTag. */
  screenings(): Promise<StoredScreening[]>;
  /** Replaces the screening if still at `etag` (ConflictError otherwise). */
  replaceScreening(next: Screening, etag: string): Promise<void>;
}
