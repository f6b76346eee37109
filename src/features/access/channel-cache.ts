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
  /** References written by this instance within `ttlMs` (as JSON): a turn's repeat write is skipped. */
  private readonly written: ExpiringCache<string, true>;

  constructor(
    private readonly inner: ConversationRepository,
    ttlMs = roleCacheMs,
    now?: () => number,
  ) {
    this.channels = new ExpiringCache(ttlMs, { now, copy: (channel) => channel && { ...channel } });
    this.written = new ExpiringCache(ttlMs, { now, limit: 5_000 });
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

  /**
   * Stores a reference unless this instance stored the same one within `ttlMs` and marked nothing
   * gone since: every turn remembers its conversation, so one marked gone (by any instance) comes
   * back when it is heard from again — here at once, elsewhere within `ttlMs`.
   */
  async remember(conversation: StoredConversation): Promise<void> {
    await this.written.get(JSON.stringify(conversation), async () => {
      if (conversation.conversationType === 'personal') await this.inner.remember(conversation);
      else await this.changing(() => this.inner.remember(conversation));
      return true;
    });
  }

  markGone(conversationId: string, at: Date): Promise<void> {
    this.written.forget();
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
