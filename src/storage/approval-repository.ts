import type { TableClient } from '@azure/data-tables';
import type { ApprovalItem } from '../features/approvals/model';
import type { ApprovalRepository } from '../features/approvals/repository';
import { isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns, jsonColumns } from './json-columns';

const APPROVAL = 'approval';
/** The item as stored: `approval/<id>`, the JSON in `json`, `json1`, … (also used by the bench's seeding). */
export const approvalEntity = (item: ApprovalItem) => ({
  partitionKey: APPROVAL,
  rowKey: item.id,
  ...jsonColumns(item),
});

/**
 * Approval items in Table Storage (`approval/<id>`, the item as JSON). Decisions are appended to
 * the item under its eTag, so two members approving at once can never lose one of the decisions;
 * the audit log keeps the hash-chained record of each.
 */
export class TableApprovalRepository implements ApprovalRepository {
  constructor(private readonly table: TableClient) {}

  async create(item: ApprovalItem): Promise<void> {
    try {
      await this.table.createEntity(approvalEntity(item));
    } catch (error) {
      rethrowStorageError(error, 'approval');
    }
  }

  async get(id: string): Promise<{ item: ApprovalItem; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(APPROVAL, id);
      return { item: fromJsonColumns<ApprovalItem>(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'approval');
    }
  }

  async update(item: ApprovalItem, etag: string): Promise<void> {
    try {
      await this.table.updateEntity(approvalEntity(item), 'Replace', { etag });
    } catch (error) {
      rethrowStorageError(error, 'approval');
    }
  }

  async list(limit: number): Promise<ApprovalItem[]> {
    const items: ApprovalItem[] = [];
    try {
      const rows = this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: `PartitionKey eq '${APPROVAL}'` },
      });
      for await (const row of rows) items.push(fromJsonColumns<ApprovalItem>(row));
    } catch (error) {
      rethrowStorageError(error, 'approvals');
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }
}
