import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application } from '@microsoft/teams-ai/lib/Application';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import type { Clock } from '../clock';
import type { AppConfig } from '../config';
import type { ConversationRepository } from '../features/access/conversations';
import type { RoleRepository } from '../features/access/roles';
import { askChannelPurposeOnInstall, registerChannels } from '../features/access/handlers';
import { channelIdOf } from '../features/access/channel-id';
import { registerHelp, welcomeOnInstall } from '../features/help/handlers';
import { RoleAdministration } from '../features/access/role-admin';
import { registerRoles } from '../features/access/role-handlers';
import { registerApprovals } from '../features/approvals/handlers';
import type { ApprovalService } from '../features/approvals/service';
import type { AuditLog } from '../features/audit/audit-log';
import { registerReviews } from '../features/reviews/handlers';
import type { ReviewService } from '../features/reviews/service';
import type { ExportRepository } from '../features/incidents/exports';
import type { JobRepository } from '../features/scheduler/jobs';
import { registerIncidents } from '../features/incidents/handlers';
import type { IncidentService } from '../features/incidents/service';
import type { DpoBreachService } from '../features/incidents/dpo-breach';
import type { DpiaService } from '../features/dpia/service';
import { registerSystemRegister } from '../features/systems/handlers';
import type { SystemService } from '../features/systems/service';
import { registerViolations } from '../features/violations/handlers';
import { offerCurrentVersions, registerAwareness } from '../features/awareness/handlers';
import type { AwarenessService } from '../features/awareness/service';
import type { ViolationService } from '../features/violations/service';
import type { Logger } from '../logger';
import { conversationTypeOf, localeOf, tenantOf, userIdOf } from './actor';
import type { Notifier } from './notifier';
import { Router } from './router';
import { isDialogInvoke } from './dialogs';
import type { Delivery, DeliveryGuard } from './dedup';

/** Everything the bot's handlers need, passed in so tests can control the clock and storage. */
export interface BotDeps {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  adapter: TeamsAdapter;
  roles: RoleRepository;
  conversations: ConversationRepository;
  incidents: IncidentService;
  /** The data protection officer's view of breaches and advice on them (P3, GDPR art. 39). */
  dpoBreaches: DpoBreachService;
  exports: ExportRepository;
  notifier: Notifier;
  /** The bot's public address, for links (known once the server listens). */
  publicBaseUrl: () => string;
  /** The system register (P4, P8) and DPIA screenings (P5). */
  systems: SystemService;
  dpia: DpiaService;
  /** Skips an activity Teams delivers a second time (same id); none in unit tests. */
  deliveries?: DeliveryGuard;
  /** The hash-chained audit log: grants, revokes, channel assignments, decisions (P10). */
  audit: AuditLog;
  approvals: ApprovalService;
  reviews: ReviewService;
  /** P11 violation referrals to the HR lead. */
  violations: ViolationService;
  /** The durable scheduler's jobs, for work a turn could not finish (a coordinator notice Teams refused). */
  jobs?: Pick<JobRepository, 'schedule'>;
  /** P12: approved policy and handbook versions read and confirmed. */
  awareness: AwarenessService;
}

/** The teams-ai application with every feature's routes, plus the router (for its verb list). */
export interface Bot {
  app: Application<TurnState>;
  router: Router;
}

/** Builds the bot: tenant guard, conversation bookkeeping, then each feature's routes. */
export function createBot(deps: BotDeps): Bot {
  const { config, logger } = deps;
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: config.auth.appId,
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  const router = new Router(app, deps.roles, logger);

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

  registerHelp(router, config.links.policy);
  registerIncidents(router, deps);
  registerChannels(router, deps);
  registerRoles(router, { ...deps, roleAdmin: new RoleAdministration(deps.roles, deps.audit) });
  registerApprovals(router, deps);
  registerReviews(router, deps);
  registerSystemRegister(router, deps);
  registerViolations(router, deps);
  registerAwareness(router, deps);
  app.conversationUpdate('membersAdded', async (context) => {
    await welcomeOnInstall(context, router, logger);
    await offerCurrentVersions(context, router, deps.awareness, logger);
    await askChannelPurposeOnInstall(context, logger, deps.conversations);
  });
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
async function rememberConversation(context: TurnContext, conversations: ConversationRepository) {
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
