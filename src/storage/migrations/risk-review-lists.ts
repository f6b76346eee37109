import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { RiskRecord } from '../../features/risks/model';
import { registerEntry, reviewRows, type RegisterEntry } from '../../features/risks/register-index';
import { AFTER_RISKS, ALL, registerRow, reviewRow } from '../risk-rows';
import type { Migration } from './runner';

/** Risks moved at once. */
const AT_ONCE = 16;

/**
 * Gives every risk of the register its rows in the quarterly review's lists (#19: the review reads
 * the first of each list, not the register), and counts the register again in the counts' new shape.
 *
 * @remarks A register row of the first layout has no `version`: its risk's record is read, and the
 * row is replaced (under its eTag) with the entry, in one transaction with the entry's list rows.
 * A level change is dated by the risk's last assessment, the latest its level can have changed. The
 * counts are then rebuilt from the rows (`rebuild`). Runs before the server listens, so no writer
 * is at work; a row written by the current code (it has a version) is left as it is. Idempotent.
 */
export function riskReviewLists(
  table: TableClient,
  readRisk: (id: string) => Promise<RiskRecord | undefined>,
  rebuild: () => Promise<unknown>,
): Migration {
  return {
    id: '0004-risk-review-lists',
    async run() {
      const old: { id: string; etag: string; entry: RegisterEntry }[] = [];
      const filter = odata`PartitionKey eq ${ALL} and RowKey lt ${AFTER_RISKS}`;
      for await (const row of table.listEntities<{ json: string }>({ queryOptions: { filter } })) {
        const entry = JSON.parse(row.json) as RegisterEntry;
        if (entry.version === undefined) old.push({ id: row.rowKey as string, etag: row.etag, entry });
      }
      for (let i = 0; i < old.length; i += AT_ONCE)
        await Promise.all(
          old.slice(i, i + AT_ONCE).map(async ({ id, etag, entry: listed }) => {
            const risk = await readRisk(id);
            if (!risk) return;
            const entry = registerEntry(risk, listed);
            await table.submitTransaction([
              ['update', registerRow(entry), 'Replace', { etag }],
              ...reviewRows(entry, risk).map((row): TransactionAction => ['upsert', reviewRow(row), 'Replace']),
            ]);
          }),
        );
      await rebuild();
    },
  };
}
