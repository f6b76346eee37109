import type { Locale } from '../../i18n';
import type { ConversationReferences, StoredConversation } from '../../platform/conversations';

export type { StoredConversation } from '../../platform/conversations';

/** The language to write in to a personal chat: the user's own when known, else Danish. */
export const chatLocale = (chat: StoredConversation | undefined): Locale => chat?.locale ?? 'da';

/** The purposes a channel can be registered for. */
export const channelPurposes = ['coordinator', 'management', 'steering', 'hr'] as const;

export type ChannelPurpose = (typeof channelPurposes)[number];

/** Where conversation references and channel purposes are kept. */
export interface ConversationRepository extends ConversationReferences {
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
