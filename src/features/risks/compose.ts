import type { SystemRepository } from '../systems/repository';
import type { ApprovalService } from '../approvals/service';
import { currentRound } from '../approvals/model';
import type { AcceptanceOutcome, SystemDirectory } from './service';

/** How many systems of one owner the register looks through for his risks. */
const OWNED_LIMIT = 200;

/** The register's view of the system register: names and owners, read from the system lists. */
export const systemDirectoryOf = (systems: SystemRepository): SystemDirectory => ({
  system: async (id) => {
    const system = (await systems.get(id))?.system;
    return system && { id: system.id, name: system.name, ownerId: system.ownerId, changedAt: system.pendingChange?.at };
  },
  ownedBy: async (userId) =>
    (await systems.listOwnedBy(userId, undefined, OWNED_LIMIT)).map(({ id, name }) => ({ id, name })),
  choices: async (limit) => (await systems.listRegister(undefined, limit)).map(({ id, name }) => ({ id, name })),
});

/** How the approval item of an acceptance stands: its state, when its round closed and who decided last. */
export async function acceptanceOutcome(
  approvals: Pick<ApprovalService, 'get'>,
  approvalId: string,
): Promise<AcceptanceOutcome | undefined> {
  const item = await approvals.get(approvalId).catch(() => undefined);
  if (!item) return undefined;
  const round = currentRound(item);
  return { state: item.state, at: round.closedAt, byName: round.decisions.at(-1)?.byName };
}
