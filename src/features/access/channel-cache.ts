import type { ChannelAssignment, ChannelPurpose, ConversationRepository, StoredConversation } from './conversations';
import { ExpiringCache } from '../../expiring-cache';
import { roleCacheMs } from './role-cache';

/**
 * Which channel serves a purpose, read once per `ttlMs` per instance instead of on every report.
 *
 * @remarks Every incident report, screening and approval posts to a purpose's channel, and finding
 * it took two storage round trips (the purpose, then the channel's reference), more than the
 * report's own write (bench B1). Channels are reassigned a few times a year. An assignment made
 * through this instance takes effect at once, and so does a channel marked gone or its reference
 * refreshed (a read under way at the time is not kept); one made through another instance takes
 * effect here within `ttlMs` — the same 15 s window as roles, stated in docs/SECURITY.md. Every
 * other read goes to storage.
 */
export class CachedConversationRepository implements ConversationRepository {
  private readonly channels: ExpiringCache<ChannelPurpose, StoredConversation | undefined>;

  constructor(
    private readonly inner: ConversationRepository,
    ttlMs = roleCacheMs,
    now?: () => number,
  ) {
    this.channels = new ExpiringCache(ttlMs, { now, copy: (channel) => channel && { ...channel } });
  }

  channelFor(purpose: ChannelPurpose): Promise<StoredConversation | undefined> {
    return this.channels.get(purpose, () => this.inner.channelFor(purpose));
  }

  assignPurpose(
    purpose: ChannelPurpose,
    conversationId: string,
    tenantId: string,
    assignedBy: string,
    assignedByName?: string,
  ) {
    return this.changing(() => this.inner.assignPurpose(purpose, conversationId, tenantId, assignedBy, assignedByName));
  }

  remember(conversation: StoredConversation): Promise<void> {
    if (conversation.conversationType === 'personal') return this.inner.remember(conversation);
    return this.changing(() => this.inner.remember(conversation));
  }

  markGone(conversationId: string, at: Date): Promise<void> {
    return this.changing(() => this.inner.markGone(conversationId, at));
  }

  assignment(purpose: ChannelPurpose): Promise<ChannelAssignment | undefined> {
    return this.inner.assignment(purpose);
  }

  byId(conversationId: string): Promise<StoredConversation | undefined> {
    return this.inner.byId(conversationId);
  }

  personalChatOf(userId: string): Promise<StoredConversation | undefined> {
    return this.inner.personalChatOf(userId);
  }

  /** Forgets every channel before and after a change, whatever its outcome. */
  private async changing<T>(change: () => Promise<T>): Promise<T> {
    this.channels.forget();
    try {
      return await change();
    } finally {
      this.channels.forget();
    }
  }
}
