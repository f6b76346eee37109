import type { AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import { inherentLevel, residualLevel } from './level';
import type { RiskHistoryEntry, RiskRecord } from './model';
import type { RiskRepository } from './repository';

/** The audit chain of the risk register. */
export const RISKS_CHAIN = 'risks';

/** The audit event of one stored change of a risk: who, what, the levels after it (P10). */
export function riskEvent(
  risk: RiskRecord,
  entry: Pick<RiskHistoryEntry, 'by' | 'byName' | 'action' | 'version'>,
): KeyedEvent {
  const a = risk.assessment;
  return {
    actor: entry.by,
    actorName: entry.byName,
    action: `risk.${entry.action}`,
    subject: risk.id,
    details: {
      version: entry.version,
      changed: entry.action,
      level: a && inherentLevel(a),
      residualLevel: a && residualLevel(a),
      treatment: a?.treatment,
      systemIds: risk.systemIds,
      area: risk.area,
    },
    key: `risk/${risk.id}/${entry.version}`,
  };
}

/**
 * The risk repository, appending every stored change to the audit log's `risks` chain (P10: every
 * change kept with who and when, in the hash-chained log as other decisions are).
 *
 * @remarks The record is written first, then its audit record, keyed by the risk's version so it is
 * appended once. If storage fails in between the user is told to try again; the retry finds the
 * change stored (an outdated card, or the same draft) and `repair` completes the audit record.
 */
export function auditedRisks(repo: RiskRepository, audit: AuditLog): RiskRepository {
  const wrapped = Object.create(repo) as RiskRepository;
  wrapped.create = async (risk, entry) => {
    await repo.create(risk, entry);
    await audit.appendOnce(RISKS_CHAIN, riskEvent(risk, entry));
  };
  wrapped.update = async (next, etag, entry, previous) => {
    const stored = await repo.update(next, etag, entry, previous);
    await audit.appendOnce(RISKS_CHAIN, riskEvent(next, entry));
    return stored;
  };
  wrapped.repair = async (risk) => {
    await repo.repair(risk);
    const last = (await repo.history(risk.id)).find((entry) => entry.version === risk.version);
    if (last) await audit.ensure(RISKS_CHAIN, riskEvent(risk, last));
  };
  return wrapped;
}
