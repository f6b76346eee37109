import { TeamsInfo, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { StoredConversation } from '../platform/conversations';
import type { Logger } from '../logger';

/**
 * The sign-in name (`userPrincipalName`) of the person in a personal chat, from Teams' member record
 * (Entra ID writes invited guests as `…#EXT#@…`); undefined (logged) when Teams does not answer.
 */
export function teamsSignInName(
  adapter: TeamsAdapter,
  appId: string,
  logger: Logger,
): (chat: StoredConversation) => Promise<string | undefined> {
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
    let upn: string | undefined;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        upn = (await TeamsInfo.getMember(context, chat.userId ?? '')).userPrincipalName;
      });
    } catch (error) {
      logger.warn({ err: error }, 'member not found in Teams');
    }
    return upn;
  };
}
