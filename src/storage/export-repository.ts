import type { TableClient } from '@azure/data-tables';
import type { ExportGrant, ExportRepository } from '../features/incidents/exports';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { deleteExpired } from './sweep';

const PARTITION = 'export';

/** Export grants in Table Storage; a grant is claimed by an eTag-guarded delete, so it works once. */
export class TableExportRepository implements ExportRepository {
  constructor(private readonly table: TableClient) {}

  async create(grant: ExportGrant): Promise<void> {
    try {
      await this.table.createEntity({ partitionKey: PARTITION, rowKey: grant.token, json: JSON.stringify(grant) });
    } catch (error) {
      rethrowStorageError(error, 'export');
    }
  }

  async claim(token: string): Promise<ExportGrant | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    try {
      const row = await this.table.getEntity<{ json: string }>(PARTITION, token);
      await this.table.deleteEntity(PARTITION, token, { etag: row.etag });
      return JSON.parse(row.json) as ExportGrant;
    } catch (error) {
      if (isNotFound(error) || isConflict(error)) return undefined;
      rethrowStorageError(error, 'export');
    }
  }

  /** Deletes the grants nobody used before they expired (the nightly housekeeping job). */
  sweepExpired(now: Date): Promise<number> {
    const expired = (row: { json: string }) => (JSON.parse(row.json) as ExportGrant).expiresAt < now.toISOString();
    return deleteExpired(this.table, `PartitionKey eq '${PARTITION}'`, expired, 'export');
  }
}
