import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import type { ApprovalItem } from '../../src/features/approvals/model';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
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
  const repo = new TableApprovalRepository(tables.client('Reviews'));
  const approvers = Array.from({ length: 16 }, (_, i) => benchUser(`Direktør ${i}`));
  for (const approver of approvers) await roles.grant(approver.id, 'management', 'bench', approver.name);
  const now = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    approver: approvers[i % approvers.length] as BenchUser,
  }));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const { id } = items[next++] as { id: string };
      const item: ApprovalItem = {
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
      };
      await repo.create(item);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return items;
}
