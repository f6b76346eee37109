import type { Locale } from '../../i18n';

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

/** The language to write in to a personal chat: the user's own when known, else Danish. */
export const chatLocale = (chat: StoredConversation | undefined): Locale => chat?.locale ?? 'da';

/** The purposes a channel can be registered for. */
export const channelPurposes = ['coordinator', 'management', 'steering', 'hr'] as const;

export type ChannelPurpose = (typeof channelPurposes)[number];

/** Where conversation references and channel purposes are kept. */
export interface ConversationRepository {
  /** Stores or refreshes a reference; idempotent. */
  remember(conversation: StoredConversation): Promise<void>;
  byId(conversationId: string): Promise<StoredConversation | undefined>;
  personalChatOf(userId: string): Promise<StoredConversation | undefined>;
  markGone(conversationId: string, at: Date): Promise<void>;
  /**
   * Makes a channel serve a purpose unless it does already: answers the stored assignment, and
   * whether this call made it (an assignment already in place is left as it was made).
   */
  assignPurpose(
    purpose: ChannelPurpose,
    conversationId: string,
    tenantId: string,
    assignedBy: string,
    assignedByName?: string,
  ): Promise<{ assignment: ChannelAssignment; changed: boolean }>;
  channelFor(purpose: ChannelPurpose): Promise<StoredConversation | undefined>;
  /** The purpose's assignment as made (which channel, by whom, when); undefined when never assigned. */
  assignment(purpose: ChannelPurpose): Promise<ChannelAssignment | undefined>;
}

/** A purpose's channel as assigned: what the assignment's audit record is built from. */
export interface ChannelAssignment {
  purpose: ChannelPurpose;
  conversationId: string;
  tenantId: string;
  assignedBy: string;
  assignedByName?: string;
  assignedAt: string;
  /** Tells this assignment from every other of the purpose (random); absent on assignments stored before they had ids. */
  id?: string;
}
