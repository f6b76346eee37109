import type { Screening } from '../dpia/model';
import type { StoredScreening } from '../dpia/repository';
import type { HistoryEntry, Incident } from '../incidents/model';
import type { StoredIncident } from '../incidents/repository';
import type { ViolationReferral } from '../violations/model';
import type { StoredReferral } from '../violations/repository';

/** What the retention run reads and rewrites in storage. */
export interface RetentionStore {
  /**
   * Every incident in the closed states (`closed`, `notAnIncident`) reported before `reportedBefore`
   * and not anonymised yet, with its eTag. (Nothing reported later can be due: retention counts
   * from closing, never before the report.)
   */
  closedIncidents(reportedBefore: Date): Promise<StoredIncident[]>;
  /** Rewrites every history row of the incident with `rewrite`; returns how many rows it wrote. */
  rewriteHistory(incident: Incident, rewrite: (entry: HistoryEntry) => HistoryEntry): Promise<number>;
  /** Replaces the incident if still at `etag`, appending `entry` (ConflictError otherwise). */
  replace(next: Incident, etag: string, entry: HistoryEntry): Promise<void>;
  /** Every DPIA screening, with its eTag. */
  screenings(): Promise<StoredScreening[]>;
  /** Replaces the screening if still at `etag` (ConflictError otherwise). */
  replaceScreening(next: Screening, etag: string): Promise<void>;
  /** Every violation referral, with its eTag. */
  referrals(): Promise<StoredReferral[]>;
  /** Replaces the referral if still at `etag` (ConflictError otherwise). */
  replaceReferral(next: ViolationReferral, etag: string): Promise<void>;
  /** Stores a finished run's counts, before its audit record is appended. */
  saveRun(run: RetentionRun): Promise<void>;
  /** Runs stored by `saveRun` and not yet marked recorded, oldest first. */
  unrecordedRuns(): Promise<RetentionRun[]>;
  /** Marks a run's audit record as appended (its stored counts are no longer needed). */
  runRecorded(run: RetentionRun): Promise<void>;
}

/** A run as stored from its start until its audit record is in the chain. */
export interface RetentionRun {
  /** Sorts by when the run started; random after that. */
  id: string;
  at: string;
  /**
   * False while the run is under way (its counts are what it has done so far); absent on runs
   * stored before progress was kept, which were stored only once finished.
   */
  finished?: boolean;
  /** When the counts were last stored. */
  updatedAt?: string;
  details: {
    incidentYears: number;
    screeningYears: number;
    incidents: number;
    historyRows: number;
    screenings: number;
    /** Absent in runs stored before referrals were kept for a period. */
    referralYears?: number;
    referrals?: number;
    conflicts: number;
  };
}
