import { verbs } from '../verbs';
import type { Logger } from '../../logger';
import { policyCard, welcomeCard } from './cards';
import { messageCard } from '../../platform/message-cards';
import { t } from '../../i18n';
import type { InstallEvent, Routes, Turn } from '../turn';

const showWelcome = async ({ actor, show }: Turn): Promise<void> => show(welcomeCard(actor.locale, actor.roles));

/**
 * Help: the welcome card on install, for `hjælp`/`help` and for anything not understood; the policy in brief.
 *
 * @remarks P12 — usable by everyone with access, guests included, in Danish and English.
 */
export function registerHelp(router: Routes, policyUrl: string | undefined, logger: Logger): void {
  router
    .onInstall((event) => welcomeOnInstall(event, logger))
    .command(['hjælp', 'help', 'menu', 'start', 'hej', 'hello', 'hi'], showWelcome)
    .command(['politik', 'politikken', 'policy'], async ({ actor, show }) => show(policyCard(actor.locale, policyUrl)))
    .otherwise(showWelcome)
    .otherwiseFiles(async ({ actor, show }) => show(messageCard(actor.locale, t(actor.locale, 'welcome.fileNotKept'))))
    .action(verbs.helpMenu, showWelcome)
    .action(verbs.helpPolicy, async ({ actor, show }) => show(policyCard(actor.locale, policyUrl)));
}

/** Greets a user who installs the bot in a personal chat, or a group chat the bot joins (P12). */
export async function welcomeOnInstall(event: InstallEvent, logger: Logger): Promise<void> {
  if (event.conversation.kind === 'channel') return;
  // In a personal chat any install greets the user; in a group chat only the bot's own arrival does.
  if (event.conversation.kind !== 'personal' && !event.botAdded) return;
  const actor = await event.actor();
  if (!actor) return;
  logger.debug('welcome on install');
  await event.send(welcomeCard(actor.locale, actor.roles));
}
