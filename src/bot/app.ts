import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application } from '@microsoft/teams-ai/lib/Application';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import type { Logger } from '../logger';
import type { ConversationReferences } from '../platform/conversations';
import type { Routes } from '../platform/turn';
import { conversationTypeOf, localeOf, tenantOf, userIdOf } from './actor';
import { channelIdOf } from './channel-id';
import { isDialogInvoke } from './dialogs';
import { Router, type ActorResolver } from './router';
import type { Delivery, DeliveryGuard } from './dedup';

/** What the Teams layer needs: its adapter and settings, and the features' routes to install. */
export interface BotDeps<A> {
  config: { allowedTenantIds: readonly string[]; auth: { appId: string } };
  logger: Logger;
  adapter: TeamsAdapter;
  /** Where the conversation reference of every turn is stored, for proactive messages. */
  conversations: Pick<ConversationReferences, 'remember'>;
  /** Turns the activity's identity into the features' actor (roles from storage). */
  actorOf: ActorResolver<A>;
  /** Each feature's registration, called in order (the composition root lists them). */
  features: ReadonlyArray<(routes: Routes<A>) => void>;
  /** Skips an activity Teams delivers a second time (same id); none in unit tests. */
  deliveries?: DeliveryGuard;
}

/** The teams-ai application with every feature's routes, plus the router (for its verb list). */
export interface Bot<A = unknown> {
  app: Application<TurnState>;
  router: Router<A>;
}

/** Builds the bot: tenant guard, conversation bookkeeping, then each feature's routes. */
export function createBot<A>(deps: BotDeps<A>): Bot<A> {
  const { config, logger } = deps;
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: config.auth.appId,
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  const router = new Router<A>(app, deps.actorOf, logger);

  app.turn('beforeTurn', async (context) => {
    const tenantId = tenantOf(context);
    if (config.allowedTenantIds.length > 0 && (!tenantId || !config.allowedTenantIds.includes(tenantId))) {
      logger.warn(
        { tenant: tenantId ?? '(none)', activityType: context.activity.type },
        'activity from another tenant refused',
      );
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
      }
      return false;
    }
    if (await isRepeatDelivery(context, deps.deliveries, logger)) return false;
    // A message action comes from the conversation the message is in — a chat between two people,
    // say, which Teams also calls "personal": it is not the bot's chat with the user, so not stored.
    if (isDialogInvoke(context)) return true;
    try {
      await rememberConversation(context, deps.conversations);
    } catch (error) {
      // Not fatal for this turn: the reference is stored on a later turn.
      logger.warn({ err: error }, 'could not store the conversation reference');
    }
    return true;
  });
  app.turn('afterTurn', async (context) => {
    (context.turnState.get(deliveryOfTurn) as Delivery | undefined)?.done();
    return true;
  });

  for (const register of deps.features) register(router);
  router.install();
  deps.adapter.onTurnError = async (_context, error) => {
    logger.error({ err: error, stack: error?.stack }, 'unhandled turn error');
  };
  return { app, router };
}

/**
 * Stores the conversation reference on every turn, for proactive messages (the repository skips a
 * write it made moments ago, see channel-cache.ts).
 *
 * @remarks Storing it afresh clears a `goneAt` mark: a conversation Teams once called gone (a 404)
 * comes back as soon as the bot hears from it again — a message, an install, a channel set-up.
 */
async function rememberConversation(context: TurnContext, conversations: BotDeps<unknown>['conversations']) {
  const activity = context.activity;
  const conversationId = channelIdOf(context) ?? activity.conversation?.id;
  const tenantId = tenantOf(context);
  const conversationType = conversationTypeOf(context);
  const locale = conversationType === 'personal' ? localeOf(context) : undefined;
  // Remembered again when the user's language changes, so proactive messages follow it.
  if (!conversationId || !tenantId || !activity.serviceUrl) return;
  const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  await conversations.remember({
    conversationId,
    serviceUrl: activity.serviceUrl,
    tenantId,
    conversationType,
    userId: conversationType === 'personal' ? userIdOf(context) : undefined,
    teamId,
    locale,
  });
}

/** Where a turn keeps what the delivery guard said about it, to tell the guard when it is done. */
const deliveryOfTurn = Symbol('delivery');

/** True when Teams delivered this activity before; a storage failure lets the turn run (logged). */
async function isRepeatDelivery(context: TurnContext, guard: DeliveryGuard | undefined, logger: Logger) {
  if (!guard) return false;
  try {
    const delivery = await guard.begin(context.activity);
    if (delivery.repeat) logger.info({ activityType: context.activity.type }, 'repeated delivery skipped');
    else context.turnState.set(deliveryOfTurn, delivery);
    return delivery.repeat;
  } catch (error) {
    logger.warn({ err: error }, 'could not check for a repeated delivery');
    return false;
  }
}
