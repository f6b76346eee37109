import type { TableClient } from '@azure/data-tables';
import { breachState, criticalityState, screeningState, type DecisionState } from '../features/audit/decision-records';
import type { Screening } from '../features/dpia/model';
import type { Incident } from '../features/incidents/model';
import type { SystemRecord } from '../features/systems/model';
import { isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns } from './json-columns';

async function readAll<T>(table: TableClient, filter: string, what: string): Promise<T[]> {
  const found: T[] = [];
  try {
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
      found.push(fromJsonColumns<T>(row));
  } catch (error) {
    if (isNotFound(error)) return []; // the table was never created: nothing recorded in it
    rethrowStorageError(error, what);
  }
  return found;
}

/**
 * The decisions every record holds now — each incident's breach decision, each screening's DPIA
 * outcome, each system's confirmed criticality — for `npm run audit:verify` to compare with the
 * audit log (P10). Reads the three tables whole: an audit, not a request path.
 */
export async function currentDecisions(tables: {
  incidents: TableClient;
  screenings: TableClient;
  systems: TableClient;
}): Promise<DecisionState[]> {
  const [incidents, screenings, systems] = await Promise.all([
    readAll<Incident>(tables.incidents, "RowKey gt 'i' and RowKey lt 'j'", 'incidents'),
    readAll<Screening>(tables.screenings, "RowKey eq 'record'", 'screenings'),
    readAll<SystemRecord>(tables.systems, "RowKey eq 'record'", 'systems'),
  ]);
  return [...incidents.map(breachState), ...screenings.map(screeningState), ...systems.map(criticalityState)];
}
