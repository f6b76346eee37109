import type { AdaptiveCard } from '../../platform/cards';
import { verbs } from '../verbs';
import { ForbiddenError, ValidationError } from '../../errors';
import { stringsFor, t, type Locale } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { approvalCard, submitCard, type ApprovalView } from './cards';
import {
  submittableKinds,
  approverOf,
  currentRound,
  hasMaterialNote,
  isDraftId,
  notPosted,
  type ApprovalItem,
  type ApprovalKind,
  type Submission,
} from './model';
import { cardText } from '../../text';
import { postToGroup, updatePosted, type PostingDeps } from './posting';
import { registerApprovalList } from './list-handlers';
import type { Actor, Routes, Turn } from '../turn';

export interface ApprovalDeps extends PostingDeps {
  roles: RoleRepository;
}

/**
 * Reads and checks a submission from card inputs; a link must be http(s).
 *
 * @remarks P9: the city-council flag is refused for every kind but the policy (whatever the card sent).
 */
export function parseSubmission(data: Record<string, unknown>, kind: ApprovalKind): Submission {
  const link = cardText(data, 'link', 500);
  const material = cardText(data, 'material', 5) === 'true';
  const submission = {
    title: cardText(data, 'title', 200),
    version: cardText(data, 'version', 40),
    link,
    summary: cardText(data, 'summary', 2000),
    material,
  };
  if (!submission.title || (link && !/^https?:\/\/\S+$/i.test(link)))
    throw new ValidationError({ form: 'approvals.errors.invalid' });
  if (material && !hasMaterialNote(kind))
    throw new ValidationError({ material: 'approvals.errors.materialPolicyOnly' });
  return submission;
}

/** The locale key of a submission's problem. */
const submissionError = (error: unknown): string =>
  (error instanceof ValidationError && error.fields.material) || 'approvals.errors.invalid';

/** User MRIs (`8:orgid:<Entra id>`) of those who get the personal view: approvers and coordinators, at most 60. */
export async function refreshUserIds(roles: RoleRepository, kind: ApprovalKind): Promise<string[]> {
  const [approvers, coordinators] = await Promise.all([
    roles.holders(approverOf[kind].role),
    roles.holders('coordinator'),
  ]);
  return [...new Set([...approvers, ...coordinators])].slice(0, 60).map((id) => `8:orgid:${id}`);
}

/**
 * Approvals in the management and steering channels (P7, P8, P9): the coordinator submits with
 * `godkendelse` / `approval`; the card goes to the approving group's channel; members approve or
 * request changes; everyone sees the same current state; the server checks every role.
 */
export function registerApprovals(router: Routes, deps: ApprovalDeps): void {
  const channelName = (locale: Locale, kind: ApprovalKind) =>
    stringsFor(locale).channels.purposes[approverOf[kind].channel];
  /** The acting user's own view; `userIds` from {@link refreshUserIds}, read once per turn. */
  const view = (
    actor: Actor,
    item: ApprovalItem,
    userIds: string[],
    banner?: { text: string; isError: boolean },
    commentError?: string,
    typed?: ApprovalView['typed'],
  ): AdaptiveCard => {
    return approvalCard(actor.locale, item, {
      canDecide: deps.approvals.mayDecide(actor, item),
      // A generated version (its content hash) is put up again by generating it, not on this form.
      canResubmit: actor.roles.has('coordinator') && item.state !== 'approved' && !currentRound(item).contentHash,
      notPostedTo: notPosted(item) ? channelName(actor.locale, item.kind) : undefined,
      canRepost: actor.roles.has('coordinator'),
      banner,
      commentError,
      typed,
      userIds,
    });
  };

  /** The card everyone sees (no buttons; the refresh gives approvers and coordinators their own view). */
  const shared = (item: ApprovalItem, userIds: string[], locale: Locale = 'da') =>
    approvalCard(locale, item, { canDecide: false, canResubmit: false, userIds });

  /**
   * Shows everyone the current state: the card posted in the group's channel is replaced (clients
   * without per-user refresh, such as the Agents Playground, show the shared card), and so is the
   * channel message the action came from, when it is another (an earlier round's post).
   */
  const updateShared = async (turn: Turn, item: ApprovalItem, userIds: string[]) => {
    await updatePosted(deps, item, shared(item, userIds));
    const id = turn.conversation.actedOnMessageId;
    if (!id || turn.conversation.kind !== 'channel' || id === item.post?.activityId) return;
    try {
      await turn.update(shared(item, userIds));
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not update the shared approval card');
    }
  };

  /** Posts a round's card to the approving group's channel; the item answered carries how it fared. */
  const post = (item: ApprovalItem, userIds: string[]) => postToGroup(deps, item, shared(item, userIds));

  /** The truth about the post, for the coordinator: posted, or not and what to do. */
  const postedBanner = (locale: Locale, item: ApprovalItem) => {
    const channel = channelName(locale, item.kind);
    return notPosted(item)
      ? { text: t(locale, 'approvals.messages.notPosted', { channel }), isError: true }
      : { text: t(locale, 'approvals.messages.posted', { channel }), isError: false };
  };

  // A person without the role gets the short refusal (turn-errors.ts), not the form.
  const form = async ({ actor, show }: Turn) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('approval submission');
    await show(submitCard(actor.locale));
  };
  router.command(['godkendelse', 'approval'], form);

  router.action(verbs.approvalSubmit, async ({ actor, data, show }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('approval submission');
    const kind = submittableKinds.find((value) => value === data.kind);
    const values = {
      kind: kind ?? '',
      title: cardText(data, 'title', 200),
      version: cardText(data, 'version', 40),
      link: cardText(data, 'link', 500),
      summary: cardText(data, 'summary', 2000),
      material: cardText(data, 'material', 5) === 'true',
    };
    const draftId = isDraftId(data.draftId) ? data.draftId : undefined;
    const again = (key: string, params = {}) =>
      show(submitCard(actor.locale, values, t(actor.locale, key, params), draftId));
    if (!kind) return again('approvals.errors.invalid');
    let submission: Submission;
    try {
      submission = parseSubmission(data, kind);
    } catch (error) {
      return again(submissionError(error));
    }
    if (!(await deps.conversations.channelFor(approverOf[kind].channel)))
      return again('approvals.errors.noChannel', { channel: channelName(actor.locale, kind) });
    const submitted = await deps.approvals.submit(actor, kind, submission, draftId);
    const userIds = await refreshUserIds(deps.roles, kind);
    // Only the submit that recorded the item posts it: a repeat of the draft shows it, and posts nothing.
    const item = submitted.result === 'recorded' ? (await post(submitted.item, userIds)).item : submitted.item;
    await show(view(actor, item, userIds, postedBanner(actor.locale, item)));
  });

  // A card Teams did not take is posted again by a coordinator once the channel is set right.
  router.action(verbs.approvalPost, async ({ actor, data, reply }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('approval post');
    const existing = await deps.approvals.get(data.id);
    const userIds = await refreshUserIds(deps.roles, existing.kind);
    if (!notPosted(existing)) {
      const banner = { text: t(actor.locale, 'approvals.messages.outdated'), isError: true };
      return reply(view(actor, existing, userIds, banner));
    }
    const { item } = await post(existing, userIds);
    const banner = notPosted(item)
      ? postedBanner(actor.locale, item)
      : {
          text: t(actor.locale, 'approvals.messages.reposted', { channel: channelName(actor.locale, item.kind) }),
          isError: false,
        };
    await reply(view(actor, item, userIds, banner));
  });

  registerApprovalList(router, { ...deps, view });

  router.action(verbs.approvalRefresh, async ({ actor, data, reply }) => {
    const item = await deps.approvals.get(data.id);
    // Need-to-know (P10): the personal view is for the approving group and the coordinators.
    if (!actor.roles.has(approverOf[item.kind].role) && !actor.roles.has('coordinator'))
      throw new ForbiddenError('approval');
    await reply(view(actor, item, await refreshUserIds(deps.roles, item.kind)));
  });

  const decide = (decision: 'approve' | 'requestChanges') => async (turn: Turn) => {
    const { actor, data } = turn;
    const comment = cardText(data, 'comment', 1000);
    try {
      const { item, result } = await deps.approvals.decide(actor, data.id, data.round, decision, comment);
      const userIds = await refreshUserIds(deps.roles, item.kind);
      const banner = { text: t(actor.locale, `approvals.messages.${result}`), isError: result !== 'recorded' };
      // The shared message and the member's own answer do not depend on each other.
      await Promise.all([
        result === 'recorded' ? updateShared(turn, item, userIds) : undefined,
        turn.reply(view(actor, item, userIds, banner)),
      ]);
    } catch (error) {
      if (!(error instanceof ValidationError) || !error.fields.comment) throw error;
      const item = await deps.approvals.get(data.id);
      const userIds = await refreshUserIds(deps.roles, item.kind);
      const commentError = t(actor.locale, error.fields.comment);
      await turn.reply(view(actor, item, userIds, undefined, commentError, { comment }));
    }
  };
  router.action(verbs.approvalApprove, decide('approve'));
  router.action(verbs.approvalRequestChanges, decide('requestChanges'));

  router.action(verbs.approvalResubmit, async (turn) => {
    const { actor, data } = turn;
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('approval resubmission');
    const existing = await deps.approvals.get(data.id);
    let submission: Submission;
    try {
      submission = parseSubmission(data, existing.kind);
    } catch (error) {
      const banner = { text: t(actor.locale, submissionError(error)), isError: true };
      const typed = {
        title: cardText(data, 'title', 200),
        version: cardText(data, 'version', 40),
        link: cardText(data, 'link', 500),
        summary: cardText(data, 'summary', 2000),
        material: cardText(data, 'material', 5) === 'true',
        comment: cardText(data, 'comment', 1000),
      };
      const userIds = await refreshUserIds(deps.roles, existing.kind);
      return turn.reply(view(actor, existing, userIds, banner, undefined, typed));
    }
    const resubmitted = await deps.approvals.resubmit(actor, data.id, data.round, submission);
    const { result } = resubmitted;
    const userIds = await refreshUserIds(deps.roles, resubmitted.item.kind);
    let item = resubmitted.item;
    if (result === 'recorded') {
      await updateShared(turn, item, userIds);
      item = (await post(item, userIds)).item;
    }
    const key =
      result === 'recorded'
        ? 'approvals.messages.resubmitted'
        : result === 'full'
          ? 'approvals.errors.full'
          : result === 'generated'
            ? 'annualAssessment.approval.regenerate'
            : 'approvals.messages.outdated';
    const banner =
      result === 'recorded' && notPosted(item)
        ? postedBanner(actor.locale, item)
        : { text: t(actor.locale, key), isError: result !== 'recorded' };
    await turn.reply(view(actor, item, userIds, banner));
  });
}
