import { TeamsInfo, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { StoredConversation } from '../features/access/conversations';
import { groupOf, type AudienceGroup } from '../features/awareness/model';
import type { Logger } from '../logger';

/**
 * Whether the person in a personal chat is an employee or a guest, from Teams' member record
 * (`userPrincipalName`: Entra ID writes invited guests as `…#EXT#@…`). When Teams does not answer,
 * 'employee' (logged): the person is still asked, only counted in the larger group.
 */
export function teamsMemberGroup(
  adapter: TeamsAdapter,
  appId: string,
  logger: Logger,
): (chat: StoredConversation) => Promise<AudienceGroup> {
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
      logger.warn({ err: error }, 'member not found in Teams; counted as an employee');
    }
    return groupOf(upn);
  };
}
