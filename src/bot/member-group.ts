import { TeamsInfo, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { StoredConversation } from '../platform/conversations';
import type { Logger } from '../logger';

/**
 * The person of a personal chat as Teams' member record has them: their sign-in name
 * (`userPrincipalName`; Entra ID writes invited guests as `…#EXT#@…`) and display name; empty
 * (logged) when Teams does not answer.
 */
export function teamsChatMember(
  adapter: TeamsAdapter,
  appId: string,
  logger: Logger,
): (chat: StoredConversation) => Promise<{ userPrincipalName?: string; name?: string }> {
  return async (chat) => {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: chat.serviceUrl,
      conversation: {
        id: chat.conversationId,
        conversationType: 'personal',
        tenantId: chat.tenantId,
        isGroup: false,
        name: '',
      },
      bot: { id: appId ? `28:${appId}` : 'sikkerhedsbot', name: 'Sikkerhed' },
    };
    let person: { userPrincipalName?: string; name?: string } = {};
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        const member = await TeamsInfo.getMember(context, chat.userId ?? '');
        person = { userPrincipalName: member.userPrincipalName, name: member.name };
      });
    } catch (error) {
      logger.warn({ err: error }, 'member not found in Teams');
    }
    return person;
  };
}
