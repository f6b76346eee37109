import type { ExportGrant, ExportRepository } from '../../../src/features/incidents/exports';
import { MemoryRows } from './rows';

/** Export grants in memory, held to the contract of `TableExportRepository`: a grant is claimed once. */
export class MemoryExportRepository implements ExportRepository {
  private readonly grants = new MemoryRows<ExportGrant>();

  async create(grant: ExportGrant): Promise<void> {
    this.grants.create(grant.token, grant);
  }

  async claim(token: string): Promise<ExportGrant | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const row = this.grants.get(token);
    if (!row) return undefined;
    this.grants.delete(token, row.etag);
    return row.value;
  }
}
