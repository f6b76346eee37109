import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Router } from '../../bot/router';
import { sendCard, showCard } from '../../bot/respond';
import type { Turn } from '../../bot/turn';
import { verbs } from '../verbs';
import type { Logger } from '../../logger';
import { policyCard, welcomeCard } from './cards';

const showWelcome = async ({ context, actor }: Turn): Promise<void> =>
  showCard(context, welcomeCard(actor.locale, actor.roles));

/**
 * Help: the welcome card on install, for `hjælp`/`help` and for anything not understood; the policy in brief.
 *
 * @remarks P12 — usable by everyone with access, guests included, in Danish and English.
 */
export function registerHelp(router: Router, policyUrl: string | undefined): void {
  router
    .command(['hjælp', 'help', 'menu', 'start', 'hej', 'hello', 'hi'], showWelcome)
    .command(['politik', 'politikken', 'policy'], async ({ context, actor }) =>
      showCard(context, policyCard(actor.locale, policyUrl)),
    )
    .otherwise(showWelcome)
    .action(verbs.helpMenu, showWelcome)
    .action(verbs.helpPolicy, async ({ context, actor }) => showCard(context, policyCard(actor.locale, policyUrl)));
}

/** Greets a user who installs the bot in a personal chat, or a group chat the bot joins (P12). */
export async function welcomeOnInstall(context: TurnContext, router: Router, logger: Logger): Promise<void> {
  const activity = context.activity;
  if (activity.type !== ActivityTypes.ConversationUpdate || activity.conversation?.conversationType === 'channel')
    return;
  // In a personal chat any install greets the user; in a group chat only the bot's own arrival does.
  const botAdded = (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
  const personal = (activity.conversation?.conversationType ?? 'personal') === 'personal';
  if (!personal && !botAdded) return;
  const actor = await router.actorOf(context);
  if (!actor) return;
  logger.debug('welcome on install');
  await sendCard(context, welcomeCard(actor.locale, actor.roles));
}
