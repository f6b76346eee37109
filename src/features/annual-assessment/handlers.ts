import { ConflictError, ForbiddenError } from '../../errors';
import { t } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { approvalCard } from '../approvals/cards';
import { refreshUserIds } from '../approvals/handlers';
import { notPosted } from '../approvals/model';
import { postToGroup, type PostingDeps } from '../approvals/posting';
import { isDraftId } from '../draft-id';
import { issueLink, type ExportRepository } from '../incidents/exports';
import type { Actor, Routes, Turn } from '../turn';
import { verbs } from '../verbs';
import { downloadsCard, overviewCard } from './cards';
import type { AssessmentSnapshot } from './repository';
import { mayReadAssessment, type AnnualAssessmentService } from './service';

/** What the annual overall risk assessment's handlers need. */
export interface AnnualAssessmentDeps extends PostingDeps {
  annualAssessments: AnnualAssessmentService;
  roles: RoleRepository;
  exports: ExportRepository;
  publicBaseUrl: () => string;
}

/**
 * The annual overall risk assessment (P7) in the personal chat: `samlet risikovurdering` / `overall
 * risk assessment` generates it from the register; the coordinator and the management group download
 * it as Word or CSV (one-time links, the role checked again when a link is used); the coordinator puts
 * exactly that version before the management group; the approval card opens the version it carries.
 */
export function registerAnnualAssessment(router: Routes, deps: AnnualAssessmentDeps): void {
  const { annualAssessments } = deps;

  const show = async ({ actor, show: answer }: Turn) => {
    if (!mayReadAssessment(actor.roles)) throw new ForbiddenError('overall risk assessment');
    const snapshot = await annualAssessments.generate(actor);
    await answer(overviewCard(actor.locale, snapshot, { canSubmit: actor.roles.has('coordinator') }));
  };
  router.command(
    ['samlet risikovurdering', 'årlig risikovurdering', 'overall risk assessment', 'annual risk assessment'],
    show,
  );
  router.action(verbs.annualAssessmentOpen, show);

  /** One-time links to the version as Word and CSV, made for this person in their language. */
  const links = async (actor: Actor, snapshot: AssessmentSnapshot, approvalId?: string) => {
    const url = (format: 'docx' | 'csv') =>
      issueLink(deps, {
        kind: 'annualAssessment',
        userId: actor.userId,
        hash: snapshot.hash,
        format,
        locale: actor.locale,
      });
    return downloadsCard(actor.locale, snapshot, { docx: await url('docx'), csv: await url('csv') }, approvalId);
  };

  router.action(verbs.annualAssessmentDownload, async ({ actor, data, show: answer }) => {
    await answer(await links(actor, await annualAssessments.version(actor, data.hash)));
  });

  router.action(verbs.annualAssessmentVersion, async ({ actor, data, reply }) => {
    const hash = await annualAssessments.versionOf(actor, data.id, data.round);
    await reply(await links(actor, await annualAssessments.version(actor, hash), String(data.id)));
  });

  router.action(verbs.annualAssessmentSubmit, async ({ actor, data, show: answer }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('assessment submission');
    const snapshot = await annualAssessments.version(actor, data.hash);
    const draftId = isDraftId(data.draftId) ? data.draftId : undefined;
    const again = (key: string, isError: boolean) =>
      answer(
        overviewCard(actor.locale, snapshot, {
          canSubmit: true,
          draftId,
          banner: { text: t(actor.locale, key), isError },
        }),
      );
    if (!(await deps.conversations.channelFor('management'))) return again('annualAssessment.card.noChannel', true);
    let submitted;
    try {
      submitted = await annualAssessments.submit(actor, snapshot.hash, draftId);
    } catch (error) {
      if (error instanceof ConflictError) return again('common.errorConflict', true);
      throw error;
    }
    let item = submitted.item;
    // Only the submit that recorded the item posts it: a repeat of the card posts nothing more.
    if (submitted.result === 'recorded') {
      const userIds = await refreshUserIds(deps.roles, 'annualRiskAssessment');
      item = (
        await postToGroup(deps, item, approvalCard('da', item, { canDecide: false, canResubmit: false, userIds }))
      ).item;
    }
    return notPosted(item)
      ? again('annualAssessment.card.notPosted', true)
      : again('annualAssessment.card.submitted', false);
  });
}
