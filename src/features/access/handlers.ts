import { expandCard } from '../../platform/cards';
import { verbs } from '../verbs';
import type { Clock } from '../../clock';
import { ForbiddenError, ValidationError } from '../../errors';
import { stringsFor, t, type Locale } from '../../i18n';
import type { Logger } from '../../logger';
import type { AuditLog } from '../audit/audit-log';
import { recordAssignment } from './assignment-record';
import { formatLocal } from '../incidents/deadlines';
import { channelPurposes, type ChannelPurpose, type ConversationRepository } from './conversations';
import type { InstallEvent, Routes } from '../turn';

function setupCard(locale: Locale, message = '', current = '') {
  const strings = stringsFor(locale).channels;
  return expandCard('access/channel-setup', {
    s: strings.setup,
    message,
    current,
    choices: channelPurposes.map((value) => ({ title: strings.purposes[value], value })),
  });
}

/**
 * Channel purposes (P10, DESIGN "Identity and access"): when the bot joins a team it asks each
 * channel what it is for; only a coordinator can answer, and the choice is recorded with who and when.
 */
export function registerChannels(
  router: Routes,
  deps: { conversations: ConversationRepository; clock: Clock; logger: Logger; audit: AuditLog },
): void {
  router.onInstall((event) => askChannelPurposeOnInstall(event, deps.logger, deps.conversations));
  router.command(['opsætning', 'kanal', 'setup', 'channel'], async ({ actor, send }) => {
    if (actor.conversationType !== 'channel') throw new ValidationError({ form: 'channels.setup.notChannel' });
    await send(setupCard(actor.locale));
  });

  router.action(verbs.channelAssign, async ({ actor, data, conversation, show }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('channel purpose');
    const channelId = conversation.channelId;
    if (actor.conversationType !== 'channel' || !channelId)
      throw new ValidationError({ form: 'channels.setup.notChannel' });
    const purpose = channelPurposes.find((value) => value === data.purpose) as ChannelPurpose | undefined;
    if (!purpose) return show(setupCard(actor.locale));
    const assigned = await deps.conversations.assignPurpose(
      purpose,
      channelId,
      actor.tenantId,
      actor.userId,
      actor.name,
    );
    await recordAssignment(deps.audit, assigned);
    deps.logger.info({ purpose }, 'channel purpose assigned');
    const message = t(actor.locale, 'channels.setup.assigned', {
      purpose: stringsFor(actor.locale).channels.purposes[purpose],
      by: actor.name,
      at: formatLocal(deps.clock.now(), actor.locale),
    });
    await show(setupCard(actor.locale, message, purpose));
  });
}

/**
 * When the bot is added to a team, asks the channel what it is for — unless it serves a purpose
 * already (the bot added again, or a client that announces the install at every start).
 */
export async function askChannelPurposeOnInstall(
  event: InstallEvent,
  logger: Logger,
  conversations: ConversationRepository,
): Promise<void> {
  if (event.conversation.kind !== 'channel' || !event.botAdded) return;
  const channelId = event.conversation.channelId;
  for (const purpose of channelPurposes) {
    if ((await conversations.assignment(purpose))?.conversationId === channelId) return;
  }
  logger.info('bot added to a team; asking the channel for its purpose');
  await event.send(setupCard('da'));
}
