import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { loadConfig } from '../../src/config';
import type { ApprovalItem } from '../../src/features/approvals/model';
import { approvalEntity } from '../../src/storage/approval-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { createTables } from '../../src/storage/tables';
import { benchUser, type BenchUser } from './activities';

/**
 * Pending approval items (annual risk assessment, one approval completes a round), each with the
 * management member who will click "approve" on it: every click in B1 is a real, recorded decision.
 */
export async function seedApprovals(
  connectionString: string,
  prefix: string,
  count: number,
): Promise<{ id: string; approver: BenchUser }[]> {
  const tables = createTables(loadConfig({ STORAGE_CONNECTION_STRING: connectionString }).storage, prefix);
  const roles = new TableRoleRepository(tables.client('Roles'));
  const approvers = Array.from({ length: 16 }, (_, i) => benchUser(`Direktør ${i}`));
  for (const approver of approvers) await roles.grant(approver.id, 'management', 'bench', approver.name);
  const now = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    approver: approvers[i % approvers.length] as BenchUser,
  }));
  // Written as TableApprovalRepository.create would, 100 to a transaction (one partition), 8 in flight.
  const table = tables.client('Reviews');
  const batches: ApprovalItem[][] = [];
  for (let i = 0; i < items.length; i += 100) batches.push(items.slice(i, i + 100).map(({ id }) => pending(id, now)));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as ApprovalItem[];
      await table.submitTransaction(batch.map((item): TransactionAction => ['create', approvalEntity(item)]));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return items;
}

/** A pending annual risk assessment, submitted by the coordinator, one approval to complete it. */
const pending = (id: string, now: string): ApprovalItem => ({
  id,
  kind: 'annualRiskAssessment',
  state: 'pending',
  createdAt: now,
  rounds: [
    {
      round: 1,
      title: 'Samlet risikovurdering 2026',
      version: '1.0',
      link: 'https://intranet.example.dk/risiko-2026.pdf',
      summary: 'Årets samlede risikovurdering til godkendelse.',
      material: false,
      submittedBy: 'bench',
      submittedByName: 'Koordinator',
      submittedAt: now,
      required: 1,
      decisions: [],
    },
  ],
});
