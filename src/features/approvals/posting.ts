import type { AdaptiveCard } from '../../platform/cards';
import type { Delivery, Notifier } from '../../platform/notifier';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { ConversationRepository, StoredConversation } from '../access/conversations';
import { approverOf, type ApprovalItem } from './model';
import type { ApprovalService } from './service';

/** What posting an item's card to its group needs. */
export interface PostingDeps {
  approvals: ApprovalService;
  conversations: ConversationRepository;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

/**
 * Posts an item's card to its approving group's channel and records on the item how it fared, so
 * the coordinator is told the truth and an item not posted stays marked where people look (P7–P9).
 */
export async function postToGroup(
  deps: PostingDeps,
  item: ApprovalItem,
  card: AdaptiveCard,
): Promise<{ item: ApprovalItem; delivery: Delivery }> {
  const channel = await deps.conversations.channelFor(approverOf[item.kind].channel);
  const posted = channel ? await deps.notifier.post(channel, card) : { delivery: 'gone' as const };
  deps.logger.info({ kind: item.kind, delivery: posted.delivery }, 'approval card posted');
  const post = {
    delivered: posted.delivery === 'sent',
    at: deps.clock.now().toISOString(),
    conversationId: channel?.conversationId,
    activityId: 'activityId' in posted ? posted.activityId : undefined,
  };
  try {
    return { item: (await deps.approvals.recordPost(item.id, post)) ?? item, delivery: posted.delivery };
  } catch (error) {
    // The post's outcome is still told to the coordinator; only its mark on the item is missing.
    deps.logger.warn({ err: { name: (error as Error)?.name } }, 'could not record how the approval card was posted');
    return { item: { ...item, post }, delivery: posted.delivery };
  }
}

/**
 * Replaces the item's posted card in the group's channel with its current state, for everyone —
 * also in clients without per-user refresh. Failures are logged; the decision stands.
 */
export async function updatePosted(deps: PostingDeps, item: ApprovalItem, card: AdaptiveCard): Promise<void> {
  const post = item.post;
  if (!post?.delivered || !post.activityId || !post.conversationId) return;
  try {
    const channel = await channelOf(deps, item, post.conversationId);
    if (!channel) return;
    const delivery = await deps.notifier.update(channel, post.activityId, card);
    deps.logger.info({ kind: item.kind, delivery }, 'approval card in the channel updated');
  } catch (error) {
    deps.logger.warn({ err: { name: (error as Error)?.name } }, 'could not update the approval card in the channel');
  }
}

/** The stored conversation a card was posted to (the purpose's channel, or the one it was then). */
async function channelOf(
  deps: PostingDeps,
  item: ApprovalItem,
  conversationId: string,
): Promise<StoredConversation | undefined> {
  const current = await deps.conversations.channelFor(approverOf[item.kind].channel);
  if (current?.conversationId === conversationId) return current;
  return deps.conversations.byId(conversationId);
}
