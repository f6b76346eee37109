import type { Screening } from '../../../src/features/dpia/model';
import type { StoredScreening } from '../../../src/features/dpia/repository';
import type { HistoryEntry, Incident } from '../../../src/features/incidents/model';
import type { StoredIncident } from '../../../src/features/incidents/repository';
import { ANONYMISED } from '../../../src/features/retention/rules';
import type { RetentionRun, RetentionStore } from '../../../src/features/retention/store';
import type { ViolationReferral } from '../../../src/features/violations/model';
import type { StoredReferral } from '../../../src/features/violations/repository';
import type { MemoryIncidentRepository } from './incident-repository';
import { MemoryRows } from './rows';
import type { MemoryScreeningRepository } from './screening-repository';
import type { MemoryViolationRepository } from './small-repositories';

/**
 * The retention run's storage in memory, over the in-memory incident, screening and referral
 * stores, held to the contract of `TableRetentionStore` (`test/support/contracts/retention-store.ts`).
 */
export class MemoryRetentionStore implements RetentionStore {
  private readonly runs = new MemoryRows<RetentionRun>();

  constructor(
    private readonly incidents: MemoryIncidentRepository,
    private readonly screeningRepository: MemoryScreeningRepository,
    private readonly violations: MemoryViolationRepository,
  ) {}

  async closedIncidents(reportedBefore: Date): Promise<StoredIncident[]> {
    const found: StoredIncident[] = [];
    for (const value of this.incidents.allIncidents()) {
      const closed = value.state === 'closed' || value.state === 'notAnIncident';
      if (!closed || value.reportedAt >= reportedBefore.toISOString() || value.reporterId === ANONYMISED) continue;
      const stored = await this.incidents.get(value.year, value.seq);
      if (stored) found.push(stored);
    }
    return found.sort((a, b) => a.incident.year - b.incident.year || a.incident.seq - b.incident.seq);
  }

  async rewriteHistory(incident: Incident, rewrite: (entry: HistoryEntry) => HistoryEntry): Promise<number> {
    const rows = this.incidents.historyRows;
    const prefix = `${incident.year}-${String(incident.seq).padStart(7, '0')}-`;
    let written = 0;
    for (const { key, value, etag } of rows.entries().filter((row) => row.key.startsWith(prefix))) {
      const rewritten = rewrite(value);
      if (JSON.stringify(rewritten) === JSON.stringify(value)) continue;
      rows.replace(key, rewritten, etag);
      written++;
    }
    return written;
  }

  async replace(next: Incident, etag: string, entry: HistoryEntry): Promise<void> {
    await this.incidents.update(next, etag, entry);
  }

  async screenings(): Promise<StoredScreening[]> {
    return this.screeningRepository.stored();
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
    this.runs.upsert(run.id, run);
  }

  async unrecordedRuns(): Promise<RetentionRun[]> {
    return this.runs.entries().map(({ value }) => value);
  }

  async runRecorded(run: RetentionRun): Promise<void> {
    if (this.runs.has(run.id)) this.runs.delete(run.id);
  }
}
