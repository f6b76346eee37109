import type { Notifier } from '../../platform/notifier';
import { messageCard } from '../../platform/message-cards';
import { verbs } from '../verbs';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import type { Logger } from '../../logger';
import { chatLocale, type ConversationRepository } from '../access/conversations';
import type { RoleRepository } from '../access/roles';
import { toLocalInputs } from '../incidents/deadlines';
import { field } from '../incidents/handlers/context';
import { referralCard, referralFormCard, referralListCard, referralNoticeCard } from './cards';
import type { ViolationReferral } from './model';
import type { ViolationService } from './service';
import type { Actor, Routes, Turn, TurnHandler } from '../turn';

/** What the violation handlers need. */
export interface ViolationDeps {
  logger: Logger;
  clock: Clock;
  violations: ViolationService;
  roles: RoleRepository;
  conversations: ConversationRepository;
  notifier: Notifier;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Referrals are confidential: outside the personal chat the bot points there, after the role check. */
const personalOnly =
  (handler: TurnHandler, allowed: (actor: Actor) => boolean): TurnHandler =>
  async (turn) => {
    if (!allowed(turn.actor)) throw new ForbiddenError('violation referrals');
    if (turn.actor.conversationType !== 'personal')
      return turn.show(messageCard(turn.actor.locale, t(turn.actor.locale, 'violations.personalOnly'), false));
    return handler(turn);
  };

const isCoordinator = (actor: Actor): boolean => actor.roles.has('coordinator');
const isCoordinatorOrHr = (actor: Actor): boolean => actor.roles.has('coordinator') || actor.roles.has('hr');

/**
 * P11 violations: the coordinator refers a person's breach of the policy to the HR lead (told in
 * their personal chat), who opens it and records the decision once. Roles are checked here and
 * again in the service.
 */
export function registerViolations(router: Routes, deps: ViolationDeps): void {
  const { violations, clock } = deps;
  const today = () => toLocalInputs(clock.now()).date;

  const openForm = personalOnly(({ actor, show }) => show(referralFormCard(actor.locale)), isCoordinator);
  router.command(['henvis overtrædelse', 'refer violation'], openForm);
  router.action(verbs.violationNew, openForm);

  router.action(
    verbs.violationSubmit,
    personalOnly(async ({ actor, data, reply }) => {
      const values = {
        person: field(data, 'person', 200),
        what: field(data, 'what', 4000),
        incidentNumber: field(data, 'incidentNumber', 40) || undefined,
      };
      const draftId = typeof data.draftId === 'string' && uuid.test(data.draftId) ? data.draftId : undefined;
      let referred: { referral: ViolationReferral; created: boolean };
      try {
        referred = await violations.refer(actor, values, draftId);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply(
          referralFormCard(actor.locale, {
            values,
            errors: error.fields,
            banner: t(actor.locale, 'violations.form.fixErrors'),
            draftId,
          }),
        );
      }
      const { referral, created } = referred;
      // Awaited: the coordinator is told whether an HR lead could be reached. A repeat of the draft
      // tells nobody again; the referral was saved either way.
      const notified = created ? await notifyHr(deps, referral) : undefined;
      const text = [
        t(actor.locale, 'violations.detail.saved'),
        ...(notified === undefined
          ? []
          : [t(actor.locale, notified ? 'violations.detail.hrNotified' : 'violations.detail.hrNotNotified')]),
      ].join(' ');
      await reply(
        referralCard(actor.locale, referral, {
          canDecide: false,
          hrView: false,
          today: today(),
          banner: { text, isError: notified === false },
        }),
      );
    }, isCoordinator),
  );

  const list = personalOnly(
    async ({ actor, data, show }) =>
      show(referralListCard(actor.locale, await violations.list(actor), isCoordinator(actor), data.from)),
    isCoordinatorOrHr,
  );
  router.command(['henvisninger', 'referrals'], list);
  router.action(verbs.violationList, list);

  router.action(
    verbs.violationView,
    personalOnly(async ({ actor, data, show }) => {
      const { referral } = await violations.get(actor, data.id);
      await show(
        referralCard(actor.locale, referral, {
          canDecide: actor.roles.has('hr'),
          hrView: actor.roles.has('hr'),
          today: today(),
        }),
      );
    }, isCoordinatorOrHr),
  );

  router.action(
    verbs.violationDecide,
    personalOnly(
      async (turn: Turn) => {
        const { actor, data, reply } = turn;
        const typed = { decision: field(data, 'decision', 4000), decisionDate: field(data, 'decisionDate', 10) };
        const show = (referral: ViolationReferral, banner: string, isError: boolean, errors?: Record<string, string>) =>
          reply(
            referralCard(actor.locale, referral, {
              canDecide: true,
              hrView: true,
              today: today(),
              banner: { text: banner, isError },
              errors,
              typed: errors ? typed : undefined,
            }),
          );
        try {
          const decided = await violations.decide(actor, data.id, typed.decision, typed.decisionDate);
          await show(decided, t(actor.locale, 'violations.detail.decisionSaved'), false);
        } catch (error) {
          if (error instanceof ConflictError) {
            const { referral } = await violations.get(actor, data.id);
            return show(referral, t(actor.locale, 'violations.detail.alreadyDecided'), true);
          }
          if (error instanceof ValidationError) {
            const { referral } = await violations.get(actor, data.id);
            return show(referral, t(actor.locale, 'violations.form.fixErrors'), true, error.fields);
          }
          throw error;
        }
      },
      (actor) => actor.roles.has('hr'),
    ),
  );
}

/**
 * Tells every HR lead with a stored personal chat that a referral waits (no content in the message).
 * True when at least one was reached; failures are logged without personal data.
 */
async function notifyHr(deps: ViolationDeps, referral: ViolationReferral): Promise<boolean> {
  let reached = 0;
  try {
    for (const userId of await deps.roles.holders('hr')) {
      const chat = await deps.conversations.personalChatOf(userId);
      if (!chat) continue;
      if ((await deps.notifier.send(chat, referralNoticeCard(chatLocale(chat), referral))) === 'sent') reached++;
    }
  } catch (error) {
    deps.logger.error({ err: error }, 'HR notice of a violation referral failed');
  }
  deps.logger.info({ referral: referral.id, reached }, 'HR told of a violation referral');
  return reached > 0;
}
