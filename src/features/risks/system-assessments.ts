import type { Actor } from '../turn';
import { danishToday } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { stringsFor, t } from '../../i18n';
import type { RiskDeps } from './context';
import { inherentLevel, residualLevel } from './level';
import type { RiskRecord } from './model';

/**
 * Records on each system of an assessed risk that its risks were assessed today, by whom (P4): the
 * system's "last risk assessment" then drives its due date by category, and clears a major change
 * waiting for re-assessment (P8).
 *
 * @remarks Only systems the assessor may change (the coordinator, or the owner for his own): the
 * system service checks that again. The risk is stored first; a failure here is logged, not shown as
 * a failed assessment — the next assessment of the system's risks records it.
 */
export async function recordOnSystems(deps: RiskDeps, actor: Actor, risk: RiskRecord): Promise<void> {
  const a = risk.assessment;
  if (!a) return;
  const levels = stringsFor('da').risks.levels;
  const summary = t('da', 'risks.detail.systemSummary', {
    title: risk.title.slice(0, 200),
    level: levels[inherentLevel(a)],
    residual: levels[residualLevel(a)],
  });
  const date = danishToday(deps.clock.now());
  for (const id of risk.systemIds) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { system } = await deps.systems.get(actor, id);
        await deps.systems.recordRiskAssessment(actor, id, system.version, { date, by: actor.name, summary });
        break;
      } catch (error) {
        if (error instanceof NotFoundError || error instanceof ForbiddenError) break;
        if (error instanceof ConflictError) continue;
        deps.logger.warn({ err: error }, 'could not record the risk assessment on the system');
        break;
      }
    }
  }
}
