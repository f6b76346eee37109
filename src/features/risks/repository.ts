import type { OpenMeasure } from '../measures/parent';
import type { HeatMapCounts } from './level';
import type { RiskReviewPage } from './register-index';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from './model';

/** A stored risk with the storage version token needed to change it. */
export interface StoredRisk {
  risk: RiskRecord;
  /** Opaque concurrency token (the Table eTag); an update with a stale one fails with a conflict. */
  etag: string;
}

/** Where the risk register and each risk's history are kept (P4, P6, P10). */
export interface RiskRepository {
  /** Stores a new risk with its first history entry; an id already stored is a ConflictError. */
  create(risk: RiskRecord, entry: RiskHistoryEntry): Promise<void>;
  get(id: string): Promise<StoredRisk | undefined>;
  /** Replaces the risk if it is still at `etag`, appending the history entry; ConflictError otherwise. */
  update(next: RiskRecord, etag: string, entry: RiskHistoryEntry, previous: RiskRecord): Promise<StoredRisk>;
  /**
   * Puts the lists (and anything else kept beside the record) in step with the stored risk: a retry
   * of a change that was stored but not listed completes it. Safe to repeat.
   */
  repair(risk: RiskRecord): Promise<void>;
  /** The risk's history, oldest first. */
  history(id: string): Promise<RiskHistoryEntry[]>;
  /** A page of the register in id order, starting after `after`, at most `limit` items. */
  list(after: string | undefined, limit: number): Promise<RiskListItem[]>;
  /** Every risk of one system (a handful each). */
  listForSystem(systemId: string): Promise<RiskListItem[]>;
  /** Every risk's list item (the quarterly review; rebuilding the heat map's counts). */
  listAll(): Promise<RiskListItem[]>;
  /**
   * The heat map's counts of the whole register, kept with every change (a point read); built from
   * every risk when none are kept yet.
   */
  heatMap(): Promise<HeatMapCounts>;
  /** Counts the heat map again from every risk and stores it (housekeeping; safe with writers at work). */
  rebuildHeatMap(): Promise<HeatMapCounts>;
  /**
   * The register's part of the quarterly review (P6): the counts, and the first `limit` of each of its
   * lists — high and critical, changed after `since` (the last review held), past their review date
   * or acceptance before `today` (yyyy-mm-dd), open measures by due date. Page-sized (#19).
   */
  review(today: string, since: string | undefined, limit: number): Promise<RiskReviewPage>;
  /** Every open treatment measure of every risk (#19, #20): one partition, in proportion to the open measures. */
  openMeasures(): Promise<OpenMeasure[]>;
}
