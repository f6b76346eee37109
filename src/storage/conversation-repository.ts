import type { TableClient } from '@azure/data-tables';
import type { ChannelPurpose, ConversationRepository, StoredConversation } from '../features/access/conversations';
import { isNotFound, rethrowStorageError } from './errors';
import { encodeKey } from './keys';

const CONVERSATION = 'conversation';
const PERSONAL = 'personal';
const PURPOSE = 'purpose';
const SERVICE = 'service';

interface ConversationRow {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/**
 * Conversation references in Table Storage: `conversation/<id>` for every conversation,
 * `personal/<userId>` for each user's personal chat, and `purpose/<purpose>` naming a channel.
 */
export class TableConversationRepository implements ConversationRepository {
  constructor(
    private readonly conversations: TableClient,
    private readonly channels: TableClient,
  ) {}

  async remember(conversation: StoredConversation): Promise<void> {
    const json = JSON.stringify(conversation);
    try {
      await this.conversations.upsertEntity(
        { partitionKey: CONVERSATION, rowKey: encodeKey(conversation.conversationId), json },
        'Replace',
      );
      await this.conversations.upsertEntity(
        { partitionKey: SERVICE, rowKey: conversation.tenantId, serviceUrl: conversation.serviceUrl },
        'Replace',
      );
      if (conversation.conversationType === 'personal' && conversation.userId) {
        await this.conversations.upsertEntity({ partitionKey: PERSONAL, rowKey: conversation.userId, json }, 'Replace');
      }
    } catch (error) {
      rethrowStorageError(error, 'conversation');
    }
  }

  async byId(conversationId: string): Promise<StoredConversation | undefined> {
    return this.read(this.conversations, CONVERSATION, encodeKey(conversationId));
  }

  async personalChatOf(userId: string): Promise<StoredConversation | undefined> {
    return this.read(this.conversations, PERSONAL, userId);
  }

  async markGone(conversationId: string, at: Date): Promise<void> {
    const existing = await this.byId(conversationId);
    if (!existing) return;
    await this.remember({ ...existing, goneAt: at.toISOString() });
  }

  async assignPurpose(
    purpose: ChannelPurpose,
    conversationId: string,
    tenantId: string,
    assignedBy: string,
  ): Promise<void> {
    try {
      await this.channels.upsertEntity(
        {
          partitionKey: PURPOSE,
          rowKey: purpose,
          conversationId,
          tenantId,
          assignedBy,
          assignedAt: new Date().toISOString(),
        },
        'Replace',
      );
    } catch (error) {
      rethrowStorageError(error, 'channel purpose');
    }
  }

  async channelFor(purpose: ChannelPurpose): Promise<StoredConversation | undefined> {
    let assigned: { conversationId: string; tenantId?: string };
    try {
      assigned = await this.channels.getEntity<{ conversationId: string; tenantId?: string }>(PURPOSE, purpose);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'channel purpose');
    }
    const known = await this.byId(assigned.conversationId);
    if (known || !assigned.tenantId) return known;
    // A channel assigned before the bot saw a message in it (e.g. the demo roster): reach it
    // through the service URL last seen for the tenant.
    const service = await this.readRow<{ serviceUrl: string }>(SERVICE, assigned.tenantId);
    return service
      ? {
          conversationId: assigned.conversationId,
          serviceUrl: service.serviceUrl,
          tenantId: assigned.tenantId,
          conversationType: 'channel',
        }
      : undefined;
  }

  private async readRow<T extends object>(partitionKey: string, rowKey: string): Promise<T | undefined> {
    try {
      return await this.conversations.getEntity<T>(partitionKey, rowKey);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'conversation');
    }
  }

  private async read(
    table: TableClient,
    partitionKey: string,
    rowKey: string,
  ): Promise<StoredConversation | undefined> {
    try {
      const row = await table.getEntity<ConversationRow>(partitionKey, rowKey);
      return JSON.parse(row.json) as StoredConversation;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'conversation');
    }
  }
}
