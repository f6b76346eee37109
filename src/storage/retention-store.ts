import { odata, type TableClient } from '@azure/data-tables';
import type { Screening } from '../features/dpia/model';
import type { StoredScreening } from '../features/dpia/repository';
import type { HistoryEntry, Incident } from '../features/incidents/model';
import type { StoredIncident } from '../features/incidents/repository';
import type { RetentionRun, RetentionStore } from '../features/retention/store';
import type { ViolationReferral } from '../features/violations/model';
import type { StoredReferral } from '../features/violations/repository';
import { ANONYMISED } from '../features/retention/rules';
import { isNotFound, rethrowStorageError } from './errors';
import type { TableIncidentRepository } from './incident-repository';
import { historyRow } from './incident-rows';
import { fromJsonColumns } from './json-columns';
import type { TableScreeningRepository } from './screening-repository';
import type { TableViolationRepository } from './violation-repository';

const historyPrefix = (seq: number): string => `h${String(seq).padStart(7, '0')}-`;
/** The partition of the `Jobs` table holding finished runs until their audit record is appended. */
const RUNS = 'retentionRun';

/**
 * The retention run's storage (tables `Incidents`, `Screenings`, `Violations` and `Jobs`): a scan for closed incidents across every year's
 * partition, the history rewrite, and the eTag-conditional replace of the incident itself (through
 * {@link TableIncidentRepository.update}, which also appends the `anonymised` history entry).
 *
 * @remarks History rows are append-only for the bot; the retention run is the one documented
 * exception: it replaces each row's JSON (who, comment, free-text values) with its eTag. A finished
 * run's counts are kept in the `Jobs` table (`retentionRun/<id>`) until its audit record is in.
 */
export class TableRetentionStore implements RetentionStore {
  constructor(
    private readonly incidents: TableClient,
    private readonly repository: TableIncidentRepository,
    private readonly screeningTable: TableClient,
    private readonly screeningRepository: TableScreeningRepository,
    private readonly runs: TableClient,
    private readonly violations: TableViolationRepository,
  ) {}

  async closedIncidents(reportedBefore: Date): Promise<StoredIncident[]> {
    // `reportedAt` and `reporterId` are columns of every incident row (ISO instants sort as text), so
    // the storage skips what cannot be due and what is anonymised already: a weekly run reads only
    // what has come due since, not the years before it.
    const filter =
      `RowKey gt 'i' and RowKey lt 'j' and (state eq 'closed' or state eq 'notAnIncident') and ` +
      odata`reportedAt lt ${reportedBefore.toISOString()} and reporterId ne ${ANONYMISED}`;
    const found: StoredIncident[] = [];
    try {
      for await (const row of this.incidents.listEntities<{ json: string }>({ queryOptions: { filter } })) {
        found.push({ incident: fromJsonColumns<Incident>(row), etag: row.etag });
      }
    } catch (error) {
      rethrowStorageError(error, 'incidents');
    }
    return found.sort((a, b) => a.incident.year - b.incident.year || a.incident.seq - b.incident.seq);
  }

  async rewriteHistory(incident: Incident, rewrite: (entry: HistoryEntry) => HistoryEntry): Promise<number> {
    const prefix = historyPrefix(incident.seq);
    const filter =
      odata`PartitionKey eq ${`y${incident.year}`} and RowKey ge ${prefix}` + odata` and RowKey lt ${`${prefix}~`}`;
    let written = 0;
    try {
      for await (const row of this.incidents.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const entry = fromJsonColumns<HistoryEntry>(row);
        const rewritten = rewrite(entry);
        if (JSON.stringify(rewritten) === JSON.stringify(entry)) continue;
        await this.incidents.updateEntity(
          { partitionKey: row.partitionKey as string, rowKey: row.rowKey as string, ...historyRow(rewritten) },
          'Replace',
          { etag: row.etag },
        );
        written++;
      }
    } catch (error) {
      rethrowStorageError(error, `${incident.number} history`);
    }
    return written;
  }

  async replace(next: Incident, etag: string, entry: HistoryEntry): Promise<void> {
    await this.repository.update(next, etag, entry);
  }

  async screenings(): Promise<StoredScreening[]> {
    const found: StoredScreening[] = [];
    try {
      const rows = this.screeningTable.listEntities<Record<string, unknown>>({
        queryOptions: { filter: "RowKey eq 'record'" },
      });
      for await (const row of rows) found.push({ screening: fromJsonColumns<Screening>(row), etag: row.etag });
    } catch (error) {
      rethrowStorageError(error, 'screenings');
    }
    return found;
  }

  async replaceScreening(next: Screening, etag: string): Promise<void> {
    await this.screeningRepository.update(next, etag);
  }

  referrals(): Promise<StoredReferral[]> {
    return this.violations.listStored();
  }

  async replaceReferral(next: ViolationReferral, etag: string): Promise<void> {
    await this.violations.update(next, etag);
  }

  async saveRun(run: RetentionRun): Promise<void> {
    try {
      await this.runs.upsertEntity({ partitionKey: RUNS, rowKey: run.id, json: JSON.stringify(run) }, 'Replace');
    } catch (error) {
      rethrowStorageError(error, 'retention run');
    }
  }

  async unrecordedRuns(): Promise<RetentionRun[]> {
    const found: RetentionRun[] = [];
    try {
      const rows = this.runs.listEntities<{ json: string }>({
        queryOptions: { filter: odata`PartitionKey eq ${RUNS}` },
      });
      for await (const row of rows) found.push(JSON.parse(row.json) as RetentionRun);
    } catch (error) {
      rethrowStorageError(error, 'retention runs');
    }
    return found;
  }

  async runRecorded(run: RetentionRun): Promise<void> {
    try {
      await this.runs.deleteEntity(RUNS, run.id);
    } catch (error) {
      if (!isNotFound(error)) rethrowStorageError(error, 'retention run');
    }
  }
}
