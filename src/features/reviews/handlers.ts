import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../bot/actor';
import { cardAttachment } from '../../platform/cards';
import { answerWithCard, sendCard } from '../../bot/respond';
import type { Router } from '../../bot/router';
import { verbs } from '../verbs';
import type { Clock } from '../../clock';
import { ForbiddenError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import type { Logger } from '../../logger';
import { channelIdOf } from '../../bot/channel-id';
import type { ConversationRepository } from '../access/conversations';
import type { RoleRepository } from '../access/roles';
import { reviewCard, type ReviewView } from './cards';
import { quarterlyReviewDueIn, type DueTimeOptions } from './calendar';
import { quarterOf, type QuarterlyReview } from './model';
import { reviewUserIds } from './review-job';
import type { ReviewService } from './service';
import { cardText } from '../../text';

/**
 * The quarterly review card's actions (P6): each coordinator or manager gets the current state on
 * refresh; a coordinator records the review as held, and the shared card then shows it to everyone.
 */
export function registerReviews(
  router: Router,
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

  const updateShared = async (context: TurnContext, review: QuarterlyReview) => {
    const id = context.activity.replyToId;
    if (!id) return;
    try {
      await context.updateActivity({
        id,
        type: 'message',
        conversation: context.activity.conversation,
        attachments: [cardAttachment(await render(undefined, review))],
      });
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not update the shared review card');
    }
  };

  /**
   * A typed command is answered with a message everyone in the conversation reads: outside a personal
   * chat the review's counts go only to the coordinator and management channels, where the review is
   * posted anyway (P10).
   */
  const isReviewConversation = async (context: TurnContext, actor: Actor): Promise<boolean> => {
    if (actor.conversationType === 'personal') return true;
    const channelId = channelIdOf(context);
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
  router.command(['gennemgang', 'kvartalsgennemgang', 'review', 'quarterly review'], async ({ context, actor }) => {
    if (!actor.roles.has('coordinator') && !actor.roles.has('management')) throw new ForbiddenError('review');
    if (!(await isReviewConversation(context, actor))) throw new ForbiddenError('review in a shared conversation');
    const now = deps.clock.now();
    const review = await deps.reviews.ensure(quarterOf(now), quarterlyReviewDueIn(now, deps.config.reviews));
    await sendCard(context, await render(actor, review));
  });

  router.action(verbs.reviewRefresh, async ({ context, actor, data }) => {
    if (!actor.roles.has('coordinator') && !actor.roles.has('management')) throw new ForbiddenError('review');
    await answerWithCard(context, await render(actor, await deps.reviews.get(data.quarter)));
  });

  router.action(verbs.reviewDone, async ({ context, actor, data }) => {
    const typed = { heldOn: cardText(data, 'heldOn', 10), notes: cardText(data, 'notes', 2000) };
    try {
      const { review, result } = await deps.reviews.recordDone(actor, data.quarter, typed.heldOn, typed.notes);
      if (result === 'recorded') await updateShared(context, review);
      const banner = { text: t(actor.locale, `reviews.card.${result}`), isError: result !== 'recorded' };
      await answerWithCard(context, await render(actor, review, { banner }));
    } catch (error) {
      if (!(error instanceof ValidationError) || !error.fields.heldOn) throw error;
      const review = await deps.reviews.get(data.quarter);
      const dateError = t(actor.locale, error.fields.heldOn);
      await answerWithCard(context, await render(actor, review, { dateError, typed }));
    }
  });
}
