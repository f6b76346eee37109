import type { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors';
import type {
  ChannelAssignment,
  ChannelPurpose,
  ConversationRepository,
  StoredConversation,
} from '../features/access/conversations';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { encodeKey } from './keys';

const CONVERSATION = 'conversation';
const PERSONAL = 'personal';
const PURPOSE = 'purpose';
const SERVICE = 'service';
/** An assignment races another assignment of the same purpose at most this often before it gives up. */
const ATTEMPTS = 5;

interface ConversationRow {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/** A `purpose/<purpose>` row (table `Channels`); empty strings stand for absent values. */
interface AssignmentRow {
  conversationId: string;
  tenantId?: string;
  assignedBy?: string;
  assignedByName?: string;
  assignedAt?: string;
  id?: string;
}

/**
 * Conversation references in Table Storage: `conversation/<id>` for every conversation,
 * `personal/<userId>` for each user's personal chat, and `purpose/<purpose>` naming a channel.
 *
 * @remarks A purpose's row is the assignment, with a random id its audit record is keyed by (P10):
 * assigning the channel it names already changes nothing, so a retried assignment finds the one
 * it made; assigning another channel replaces the row under its eTag.
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

  /** Every user's personal chat with the bot (one partition), in user id order (P12: everyone the bot knows). */
  async *personalChats(): AsyncIterable<StoredConversation> {
    try {
      const rows = this.conversations.listEntities<ConversationRow>({
        queryOptions: { filter: `PartitionKey eq '${PERSONAL}'`, select: ['json'] },
      });
      for await (const row of rows) yield JSON.parse(row.json) as StoredConversation;
    } catch (error) {
      rethrowStorageError(error, 'conversation');
    }
  }

  /**
   * @remarks Both rows are marked under the eTag read: when the person wrote again meanwhile (the
   * conversation remembered anew), the mark is not written over their fresh reference. The
   * personal-chat row is marked only while it names this conversation: an earlier chat found gone
   * never replaces the one the person uses now.
   */
  async markGone(conversationId: string, at: Date): Promise<void> {
    const rowKey = encodeKey(conversationId);
    try {
      const row = await this.conversations.getEntity<ConversationRow>(CONVERSATION, rowKey);
      const gone: StoredConversation = { ...(JSON.parse(row.json) as StoredConversation), goneAt: at.toISOString() };
      const json = JSON.stringify(gone);
      await this.conversations.updateEntity({ partitionKey: CONVERSATION, rowKey, json }, 'Replace', {
        etag: row.etag,
      });
      if (gone.conversationType !== 'personal' || !gone.userId) return;
      const personal = await this.conversations.getEntity<ConversationRow>(PERSONAL, gone.userId);
      if ((JSON.parse(personal.json) as StoredConversation).conversationId !== conversationId) return;
      await this.conversations.updateEntity({ partitionKey: PERSONAL, rowKey: gone.userId, json }, 'Replace', {
        etag: personal.etag,
      });
    } catch (error) {
      // Unknown, or changed since it was read (the person wrote again): leave it.
      if (isNotFound(error) || isConflict(error)) return;
      rethrowStorageError(error, 'conversation');
    }
  }

  async assignPurpose(
    purpose: ChannelPurpose,
    conversationId: string,
    tenantId: string,
    assignedBy: string,
    assignedByName?: string,
  ): Promise<{ assignment: ChannelAssignment; changed: boolean }> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const stored = await this.assignmentOf(purpose);
      if (stored?.assignment.conversationId === conversationId)
        return { assignment: stored.assignment, changed: false };
      const assignment: ChannelAssignment = {
        purpose,
        conversationId,
        tenantId,
        assignedBy,
        assignedByName,
        assignedAt: new Date().toISOString(),
        id: randomUUID(),
      };
      if (await this.writeAssignment(assignment, stored?.etag)) return { assignment, changed: true };
    }
    throw new ConflictError('channel purpose');
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

  async assignment(purpose: ChannelPurpose): Promise<ChannelAssignment | undefined> {
    return (await this.assignmentOf(purpose))?.assignment;
  }

  private async assignmentOf(
    purpose: ChannelPurpose,
  ): Promise<{ assignment: ChannelAssignment; etag: string } | undefined> {
    try {
      const row = await this.channels.getEntity<AssignmentRow>(PURPOSE, purpose);
      const assignment: ChannelAssignment = {
        purpose,
        conversationId: row.conversationId,
        tenantId: row.tenantId ?? '',
        assignedBy: row.assignedBy ?? '',
        assignedByName: row.assignedByName || undefined,
        assignedAt: row.assignedAt ?? '',
        id: row.id || undefined,
      };
      return { assignment, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'channel purpose');
    }
  }

  /** Creates the purpose's row, or replaces the row read at `etag`; false when another assignment came first. */
  private async writeAssignment(assignment: ChannelAssignment, etag: string | undefined): Promise<boolean> {
    const entity = {
      partitionKey: PURPOSE,
      rowKey: assignment.purpose,
      conversationId: assignment.conversationId,
      tenantId: assignment.tenantId,
      assignedBy: assignment.assignedBy,
      assignedByName: assignment.assignedByName ?? '',
      assignedAt: assignment.assignedAt,
      id: assignment.id ?? '',
    };
    try {
      if (etag) await this.channels.updateEntity(entity, 'Replace', { etag });
      else await this.channels.createEntity(entity);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      rethrowStorageError(error, 'channel purpose');
    }
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
