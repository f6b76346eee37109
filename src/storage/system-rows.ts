import type { SystemHistoryEntry, SystemRecord } from '../features/systems/model';
import { nameKey } from '../features/systems/model';
import { jsonColumns } from './json-columns';
import { encodeKey } from './keys';

/**
 * Keys and rows of the system tables, in one place so that the repository and the benchmark's
 * seeder (`bench/lib/seed-systems.ts`) cannot drift apart. The layout is described on
 * `TableSystemRepository`.
 */
export const systemPartition = (id: string): string => `s_${id}`;
export const RECORD = 'record';
export const historyKey = (version: number): string => `h${String(version).padStart(6, '0')}`;
/** The index partition of unique names (row key: the compared name, base64url; property: the id). */
export const NAMES = 'names';
export const nameRowKey = (name: string): string => encodeKey(nameKey(name));

/**
 * The record row: the system's JSON over `json`, `json1`, … (purpose, override reason, risk summary,
 * links and a 2000-character major change can be over one property in JSON). Written with `Replace`.
 */
export const recordRow = (system: SystemRecord) => ({
  partitionKey: systemPartition(system.id),
  rowKey: RECORD,
  ...jsonColumns(system),
});
export const historyRow = (id: string, entry: SystemHistoryEntry) => ({
  partitionKey: systemPartition(id),
  rowKey: historyKey(entry.version),
  json: JSON.stringify(entry),
});
