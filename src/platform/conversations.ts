import type { Locale } from '../i18n';

/** What the bot needs to post into a conversation later (a proactive message). */
export interface StoredConversation {
  conversationId: string;
  serviceUrl: string;
  tenantId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  /** The Entra object id of the user, for a personal chat. */
  userId?: string;
  teamId?: string;
  /** Set when Teams said the bot is no longer there (403/404); nothing is sent there again. */
  goneAt?: string;
  /** A personal chat's language: the user's Teams language when they last wrote to the bot. */
  locale?: Locale;
}

/** Where conversation references are kept, for proactive messages (the Teams layer stores one on every turn). */
export interface ConversationReferences {
  /** Stores or refreshes a reference; idempotent. */
  remember(conversation: StoredConversation): Promise<void>;
  byId(conversationId: string): Promise<StoredConversation | undefined>;
  personalChatOf(userId: string): Promise<StoredConversation | undefined>;
  markGone(conversationId: string, at: Date): Promise<void>;
}
