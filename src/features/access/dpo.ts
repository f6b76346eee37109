import type { ConversationRepository, StoredConversation } from './conversations';
import type { RoleRepository } from './roles';

/** What finding the DPO's conversations needs. */
export interface DpoRecipientDeps {
  roles: Pick<RoleRepository, 'holders'>;
  conversations: Pick<ConversationRepository, 'personalChatOf'>;
}

/**
 * Where the data protection officer is told something: the personal chat of every holder of the
 * `dpo` role who has one with the bot (and Teams has not said it is gone), each in its own language
 * (`chatLocale`). Empty when no DPO is appointed or none has written to the bot yet.
 *
 * @remarks GDPR art. 38(1): the DPO is involved, properly and in a timely manner, in every issue
 * relating to the protection of personal data — told of every breach at once (P3) and of every
 * DPIA screening outcome (P5). A personal chat, not a channel: the notice names a breach.
 */
export async function dpoRecipients(deps: DpoRecipientDeps): Promise<StoredConversation[]> {
  const holders = await deps.roles.holders('dpo');
  const chats = await Promise.all(holders.map((userId) => deps.conversations.personalChatOf(userId)));
  return chats.filter((chat): chat is StoredConversation => chat !== undefined && !chat.goneAt);
}
