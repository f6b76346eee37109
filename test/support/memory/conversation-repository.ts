import { randomUUID } from 'node:crypto';
import type {
  ChannelAssignment,
  ChannelPurpose,
  ConversationRepository,
  StoredConversation,
} from '../../../src/features/access/conversations';
import { MemoryRows } from './rows';

/**
 * Conversation references and channel purposes in memory, held to the contract of
 * `TableConversationRepository` (`test/support/contracts/conversation-repository.ts`): a
 * personal chat is found by its user, the service URL last seen per tenant reaches a channel
 * assigned before the bot saw it, and an assignment is made once per channel.
 */
export class MemoryConversationRepository implements ConversationRepository {
  private readonly conversations = new MemoryRows<StoredConversation>();
  private readonly personal = new MemoryRows<StoredConversation>();
  private readonly services = new Map<string, string>();
  private readonly purposes = new MemoryRows<ChannelAssignment>();

  async remember(conversation: StoredConversation): Promise<void> {
    this.conversations.upsert(conversation.conversationId, conversation);
    this.services.set(conversation.tenantId, conversation.serviceUrl);
    if (conversation.conversationType === 'personal' && conversation.userId)
      this.personal.upsert(conversation.userId, conversation);
  }

  async byId(conversationId: string): Promise<StoredConversation | undefined> {
    return this.conversations.get(conversationId)?.value;
  }

  async personalChatOf(userId: string): Promise<StoredConversation | undefined> {
    return this.personal.get(userId)?.value;
  }

  async markGone(conversationId: string, at: Date): Promise<void> {
    const existing = await this.byId(conversationId);
    if (!existing) return;
    const gone = { ...existing, goneAt: at.toISOString() };
    this.conversations.upsert(conversationId, gone);
    if (
      gone.conversationType === 'personal' &&
      gone.userId &&
      (await this.personalChatOf(gone.userId))?.conversationId === conversationId
    )
      this.personal.upsert(gone.userId, gone);
  }

  async assignPurpose(
    purpose: ChannelPurpose,
    conversationId: string,
    tenantId: string,
    assignedBy: string,
    assignedByName?: string,
  ): Promise<{ assignment: ChannelAssignment; changed: boolean }> {
    const stored = this.purposes.get(purpose)?.value;
    if (stored?.conversationId === conversationId) return { assignment: stored, changed: false };
    const assignment: ChannelAssignment = {
      purpose,
      conversationId,
      tenantId,
      assignedBy,
      assignedByName,
      assignedAt: new Date().toISOString(),
      id: randomUUID(),
    };
    this.purposes.upsert(purpose, assignment);
    return { assignment, changed: true };
  }

  async channelFor(purpose: ChannelPurpose): Promise<StoredConversation | undefined> {
    const assigned = this.purposes.get(purpose)?.value;
    if (!assigned) return undefined;
    const known = await this.byId(assigned.conversationId);
    if (known || !assigned.tenantId) return known;
    const serviceUrl = this.services.get(assigned.tenantId);
    return serviceUrl
      ? {
          conversationId: assigned.conversationId,
          serviceUrl,
          tenantId: assigned.tenantId,
          conversationType: 'channel',
        }
      : undefined;
  }

  async assignment(purpose: ChannelPurpose): Promise<ChannelAssignment | undefined> {
    return this.purposes.get(purpose)?.value;
  }
}
