import type { HistoryEntry, Incident } from '../features/incidents/model';
import { jsonColumns } from './json-columns';
import { encodeKey } from './keys';

/**
 * Keys and rows of the incident tables, in one place so that the repository and the benchmark's
 * seeder (`bench/lib/seed-incidents.ts`) cannot drift apart. The layout is described on
 * `TableIncidentRepository`.
 */
export const yearKey = (year: number): string => `y${year}`;
export const incidentKey = (seq: number): string => `i${String(seq).padStart(7, '0')}`;
export const historyKey = (seq: number, version: number): string =>
  `h${String(seq).padStart(7, '0')}-${String(version).padStart(6, '0')}`;
export const submissionKey = (key: string): string => `s${key}`;
export const COUNTER = 'counter';

/**
 * Index partitions: the coordinator's open list, and every reporter's own list side by side in one
 * partition (so the rows of a group of new incidents are one transaction, not one write per reporter).
 */
export const OPEN = 'open';
export const REPORTERS = 'reporters';
/** Open list row keys: `2026-0000042` sorts by number. */
export const indexKey = (year: number, seq: number): string => `${year}-${String(seq).padStart(7, '0')}`;
const newestFirstKey = (year: number, seq: number): string =>
  String(99_999_999_999 - (year * 10_000_000 + seq)).padStart(11, '0');
/**
 * Reporter list row keys: the reporter (base64url, which has no `~`), then newest first; so one
 * reporter's rows are exactly the keys from `<id>~` to `<id>~~`.
 */
export const reporterKey = (userId: string, year: number, seq: number): string =>
  `${encodeKey(userId)}~${newestFirstKey(year, seq)}`;
export const reporterRange = (userId: string): { from: string; to: string } => ({
  from: `${encodeKey(userId)}~`,
  to: `${encodeKey(userId)}~~`,
});

/** The incident row's properties (the JSON, split over `json`, `json1`, …, plus the columns the export and retention filter on). */
export type IncidentRow = { json: string; state: string; reporterId: string; reportedAt: string } & Record<
  string,
  string
>;

export const incidentRow = (incident: Incident): IncidentRow => ({
  ...jsonColumns(incident),
  state: incident.state,
  reporterId: incident.reporterId,
  reportedAt: incident.reportedAt,
});

/**
 * A history row's properties: the entry's JSON, split like the incident's. A breach decision
 * recorded again keeps the three 2000-character texts before and after, over one property.
 */
export const historyRow = (entry: HistoryEntry): { json: string } & Record<string, string> => jsonColumns(entry);

/** A list row's properties: where its incident is, and the list item as of `version`. */
export type ListRowProps = {
  year: number;
  seq: number;
  /** The incident version `item` was taken from; absent (0) on pending rows a migration marked. */
  version?: number;
  /** The {@link IncidentListItem} as JSON. */
  item?: string;
  /** Set while the change it announces may not be stored: readers check the incident. */
  pending?: boolean;
  /** The item's kind, a property of its own so a page can be filtered in storage (every row has it after migration 0003, but pending ones a migration marked). */
  kind?: string;
  /** The item's severity ('' while unrated), for the same filter; absent where `kind` is. */
  severity?: string;
};
