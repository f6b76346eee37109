import type { AdaptiveCard } from '../../platform/cards';
import { verbs } from '../verbs';
import { ForbiddenError, ValidationError } from '../../errors';
import { approvalListCard, type ApprovalListRow } from './list-card';
import { approverOf, currentRound, notPosted, type ApprovalItem } from './model';
import type { ApprovalService } from './service';
import type { Actor, Routes, Turn } from '../turn';

/** The row of an item for this person, or undefined when it does not await their role. */
export function rowFor(actor: Actor, item: ApprovalItem, approvals: ApprovalService): ApprovalListRow | undefined {
  const isApprover = actor.roles.has(approverOf[item.kind].role);
  const isCoordinator = actor.roles.has('coordinator');
  if (item.state === 'approved' || (!isCoordinator && (!isApprover || item.state !== 'pending'))) return undefined;
  const round = currentRound(item);
  if (isCoordinator && notPosted(item)) return { item, note: 'notPosted' };
  if (item.state === 'changesRequested') return { item, note: 'changesRequested' };
  if (isApprover && approvals.mayDecide(actor, item)) return { item, note: 'awaitsYou' };
  if (round.decisions.some((decision) => decision.by === actor.userId)) return { item, note: 'decidedByYou' };
  if (isApprover && round.submittedBy === actor.userId) return { item, note: 'ownSubmission' };
  return { item, note: '' };
}

/**
 * `godkendelser` / `approvals` (P7, P8, P9): in personal chat, what awaits the person's role —
 * for a member of the management or steering group the items their group must decide, for a
 * coordinator every item not yet approved (those whose card is not in the channel marked) — each
 * opening the person's own view with its actions. Others are refused.
 */
export function registerApprovalList(
  router: Routes,
  deps: { approvals: ApprovalService; view: (actor: Actor, item: ApprovalItem, userIds: string[]) => AdaptiveCard },
): void {
  const list = async ({ actor, show }: Turn) => {
    if (!['coordinator', 'management', 'steering'].some((role) => actor.roles.has(role as never)))
      throw new ForbiddenError('approval list');
    if (actor.conversationType !== 'personal') throw new ValidationError({ form: 'approvals.list.personalOnly' });
    const rows = (await deps.approvals.list(200))
      .map((item) => rowFor(actor, item, deps.approvals))
      .filter((row): row is ApprovalListRow => row !== undefined);
    await show(approvalListCard(actor.locale, rows, actor.roles.has('coordinator')));
  };
  router.command(['godkendelser', 'approvals'], list);
  router.action(verbs.approvalList, list);
}
