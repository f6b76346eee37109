import type { TableClient } from '@azure/data-tables';
import type { ApprovalItem } from '../features/approvals/model';
import type { ApprovalRepository } from '../features/approvals/repository';
import { isNotFound, rethrowStorageError } from './errors';

const APPROVAL = 'approval';
/** A string property holds at most 64 KiB (32 K UTF-16 characters): long items are split. */
const CHUNK = 30_000;

/** The item as `json`, `json1`, `json2`… properties. */
function toProperties(item: ApprovalItem): Record<string, string> {
  const json = JSON.stringify(item);
  const properties: Record<string, string> = {};
  for (let i = 0; i * CHUNK < json.length || i === 0; i++)
    properties[i === 0 ? 'json' : `json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return properties;
}

function fromProperties(row: Record<string, unknown>): ApprovalItem {
  let json = String(row.json ?? '');
  for (let i = 1; typeof row[`json${i}`] === 'string'; i++) json += row[`json${i}`] as string;
  return JSON.parse(json) as ApprovalItem;
}

/** The item as stored: `approval/<id>`, the JSON in `json`, `json1`, … (also used by the bench's seeding). */
export const approvalEntity = (item: ApprovalItem) => ({
  partitionKey: APPROVAL,
  rowKey: item.id,
  ...toProperties(item),
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
      return { item: fromProperties(row), etag: row.etag };
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
      for await (const row of rows) items.push(fromProperties(row));
    } catch (error) {
      rethrowStorageError(error, 'approvals');
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }
}
