import type { Clock } from '../../clock';
import type { AppConfig } from '../../config';
import type { ReadCounter } from '../../storage/read-counter';
import { TableRiskRepository } from '../../storage/risk-repository';
import { TableSystemRepository } from '../../storage/system-repository';
import type { Tables } from '../../storage/tables';
import type { AuditLog } from '../audit/audit-log';
import type { SystemRepository } from '../systems/repository';
import type { ApprovalService } from '../approvals/service';
import { currentRound } from '../approvals/model';
import { auditedRisks } from './audited';
import { RiskService, type AcceptanceOutcome, type SystemDirectory } from './service';

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

/** The risk register, composed on Table Storage, every change recorded in the audit log (P4, P6, P10). */
export function composeRisks(deps: {
  tables: Tables;
  config: AppConfig;
  clock: Clock;
  audit: AuditLog;
  /** Where a residual risk's acceptance is decided by the management group. */
  approvals: Pick<ApprovalService, 'get'>;
  readCounter?: ReadCounter;
}): RiskService {
  const { tables } = deps;
  const systems = new TableSystemRepository(
    tables.client('Systems'),
    tables.client('SystemIndex'),
    deps.readCounter,
    undefined,
    deps.config.riskAssessmentMonths,
  );
  const repo = auditedRisks(new TableRiskRepository(tables.client('Risks'), deps.readCounter), deps.audit);
  return new RiskService(repo, systemDirectoryOf(systems), deps.clock, {
    above: deps.config.risks.acceptanceAbove,
    months: deps.config.risks.acceptanceMonths,
    outcome: (approvalId) => acceptanceOutcome(deps.approvals, approvalId),
  });
}

/** How the approval item of an acceptance stands: its state, when its round closed and who decided last. */
async function acceptanceOutcome(
  approvals: Pick<ApprovalService, 'get'>,
  approvalId: string,
): Promise<AcceptanceOutcome | undefined> {
  const item = await approvals.get(approvalId).catch(() => undefined);
  if (!item) return undefined;
  const round = currentRound(item);
  return { state: item.state, at: round.closedAt, byName: round.decisions.at(-1)?.byName };
}
