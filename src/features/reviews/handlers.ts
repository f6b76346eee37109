import { verbs } from '../verbs';
import type { Clock } from '../../clock';
import { ForbiddenError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import type { Logger } from '../../logger';
import type { ConversationRepository } from '../access/conversations';
import type { RoleRepository } from '../access/roles';
import { reviewCard, type ReviewView } from './cards';
import { quarterlyReviewDueIn, type DueTimeOptions } from './calendar';
import { quarterOf, type QuarterlyReview } from './model';
import { reviewUserIds } from './review-job';
import type { ReviewService } from './service';
import { cardText } from '../../text';
import type { Actor, Routes, Turn } from '../turn';

/**
 * The quarterly review card's actions (P6): each coordinator or manager gets the current state on
 * refresh; a coordinator records the review as held, and the shared card then shows it to everyone.
 */
export function registerReviews(
  router: Routes,
  deps: {
    reviews: ReviewService;
    roles: RoleRepository;
    clock: Clock;
    logger: Logger;
    conversations: Pick<ConversationRepository, 'channelFor'>;
    config: { reviews: DueTimeOptions };
  },
): void {
  const render = async (
    actor: Actor | undefined,
    review: QuarterlyReview,
    extra: { banner?: { text: string; isError: boolean }; dateError?: string; typed?: ReviewView['typed'] } = {},
  ) =>
    reviewCard(actor?.locale ?? 'da', review, await deps.reviews.summary(), {
      canRecord: actor?.roles.has('coordinator') ?? false,
      userIds: await reviewUserIds(deps.roles),
      now: deps.clock.now(),
      ...extra,
    });

  const updateShared = async (turn: Turn, review: QuarterlyReview) => {
    if (!turn.conversation.actedOnMessageId) return;
    try {
      await turn.update(await render(undefined, review));
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not update the shared review card');
    }
  };

  /**
   * A typed command is answered with a message everyone in the conversation reads: outside a personal
   * chat the review's counts go only to the coordinator and management channels, where the review is
   * posted anyway (P10).
   */
  const isReviewConversation = async ({ actor, conversation }: Turn): Promise<boolean> => {
    if (actor.conversationType === 'personal') return true;
    const channelId = conversation.channelId;
    if (!channelId) return false;
    const channels = await Promise.all([
      deps.conversations.channelFor('coordinator'),
      deps.conversations.channelFor('management'),
    ]);
    return channels.some((channel) => channel?.conversationId === channelId);
  };

  /**
   * The current quarter's review, for a coordinator or manager who wants it outside the channel: the
   * live summary, who recorded it held and when, and the way to record it — created here when the
   * scheduled post never happened (a fresh install), so it is never "not due yet" within its quarter.
   */
  router.command(['gennemgang', 'kvartalsgennemgang', 'review', 'quarterly review'], async (turn) => {
    const { actor } = turn;
    if (!actor.roles.has('coordinator') && !actor.roles.has('management')) throw new ForbiddenError('review');
    if (!(await isReviewConversation(turn))) throw new ForbiddenError('review in a shared conversation');
    const now = deps.clock.now();
    const review = await deps.reviews.ensure(quarterOf(now), quarterlyReviewDueIn(now, deps.config.reviews));
    await turn.send(await render(actor, review));
  });

  router.action(verbs.reviewRefresh, async ({ actor, data, reply }) => {
    if (!actor.roles.has('coordinator') && !actor.roles.has('management')) throw new ForbiddenError('review');
    await reply(await render(actor, await deps.reviews.get(data.quarter)));
  });

  router.action(verbs.reviewDone, async (turn) => {
    const { actor, data } = turn;
    const typed = { heldOn: cardText(data, 'heldOn', 10), notes: cardText(data, 'notes', 2000) };
    try {
      const { review, result } = await deps.reviews.recordDone(actor, data.quarter, typed.heldOn, typed.notes);
      if (result === 'recorded') await updateShared(turn, review);
      const banner = { text: t(actor.locale, `reviews.card.${result}`), isError: result !== 'recorded' };
      await turn.reply(await render(actor, review, { banner }));
    } catch (error) {
      if (!(error instanceof ValidationError) || !error.fields.heldOn) throw error;
      const review = await deps.reviews.get(data.quarter);
      const dateError = t(actor.locale, error.fields.heldOn);
      await turn.reply(await render(actor, review, { dateError, typed }));
    }
  });
}
