import { createHash } from 'node:crypto';
import type { Actor } from '../turn';
import type { AdaptiveCard } from '../../platform/cards';
import { shorten } from '../../platform/cards';
import type { Routes } from '../turn';
import { verbs } from '../verbs';
import { ConflictError, ForbiddenError } from '../../errors';
import { stringsFor, t } from '../../i18n';
import { formatDate } from '../incidents/deadlines';
import { approvalCard } from '../approvals/cards';
import { refreshUserIds } from '../approvals/handlers';
import { notPosted, type Submission } from '../approvals/model';
import { postToGroup } from '../approvals/posting';
import { mayRequestAcceptance } from './acceptance';
import { concernsText } from './cards';
import type { RiskDeps } from './context';
import { residualLevel } from './level';
import type { RiskRecord } from './model';

type Detail = (actor: Actor, id: string, banner?: { text: string; isError: boolean }) => Promise<AdaptiveCard>;

/**
 * What is put before the management group: the risk, its residual level and treatment, in Danish (the
 * approval card in the group's channel is the group's shared card).
 */
function submissionOf(risk: RiskRecord, months: number): Submission {
  const a = risk.assessment!;
  const s = stringsFor('da').risks;
  return {
    title: shorten(t('da', 'risks.acceptance.submissionTitle', { title: risk.title }), 200),
    // Named by the assessment put up (a risk record's version number means nothing to the group).
    version: t('da', 'risks.acceptance.submissionVersion', { date: formatDate(a.assessedAt, 'da') }),
    link: '',
    summary: shorten(
      t('da', 'risks.acceptance.submissionSummary', {
        residual: s.levels[residualLevel(a)],
        likelihood: a.residualLikelihood,
        consequence: a.residualConsequence,
        treatment: s.treatments[a.treatment],
        concerns: concernsText('da', risk),
        months,
      }),
      2000,
    ),
    material: false,
  };
}

/** One approval item per risk version put up (a double click or a retry finds the same item). */
const draftIdOf = (risk: RiskRecord): string => {
  const hex = createHash('sha256').update(`risk-acceptance/${risk.id}/${risk.version}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * Putting a residual risk above the threshold up for the management group's acceptance (#19, P7),
 * through the approval mechanism: the coordinator presses it on the risk card, the item is posted in
 * the management channel, and the group approves or asks for changes there. The decision is recorded
 * on the risk when it is made (`RiskService.recordAcceptanceDecision`, called by the approval
 * mechanism), with the acceptance's expiry; an item put up before it named its risk is brought in
 * step when the risk is next read.
 */
export function registerAcceptance(router: Routes, deps: RiskDeps, detail: Detail): void {
  router.action(verbs.riskAccept, async ({ actor, data, reply }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('risk acceptance');
    const { risk } = await deps.risks.get(actor, data.id);
    const say = async (key: string, isError: boolean) =>
      reply(await detail(actor, risk.id, { text: t(actor.locale, key), isError }));
    if (Number(data.version) !== risk.version) return say('common.errorConflict', true);
    if (!mayRequestAcceptance(deps.risks.acceptanceOf(risk))) return say('risks.acceptance.notNeeded', true);
    if (!(await deps.conversations.channelFor('management'))) return say('risks.acceptance.noChannel', true);
    const submitted = await deps.approvals.submit(
      actor,
      'riskAcceptance',
      submissionOf(risk, deps.risks.acceptanceMonths),
      draftIdOf(risk),
      risk.id,
    );
    let item = submitted.item;
    if (submitted.result === 'recorded') {
      const userIds = await refreshUserIds(deps.roles, 'riskAcceptance');
      item = (
        await postToGroup(deps, item, approvalCard('da', item, { canDecide: false, canResubmit: false, userIds }))
      ).item;
    }
    try {
      await deps.risks.recordAcceptanceRequest(actor, risk.id, risk.version, item.id);
    } catch (error) {
      if (error instanceof ConflictError) return say('common.errorConflict', true);
      throw error;
    }
    return say(notPosted(item) ? 'risks.acceptance.notPosted' : 'risks.acceptance.requested', notPosted(item));
  });
}
