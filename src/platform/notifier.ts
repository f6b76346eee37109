import type { AdaptiveCard } from './cards';
import type { StoredConversation } from './conversations';

/** The outcome of one proactive send. */
export type Delivery = 'sent' | 'gone' | 'failed';

/** A proactive post's outcome, with the new message's id when Teams gave one (to update it later). */
export interface Posted {
  delivery: Delivery;
  activityId?: string;
}

/** Sends proactive messages (notifications, reminders) into stored conversations. */
export interface Notifier {
  /** `urgent`: a breach notice, sent before ordinary sends waiting for Teams' send limits. */
  send(conversation: StoredConversation, card: AdaptiveCard, options?: { urgent?: boolean }): Promise<Delivery>;
  /** Posts a card like `send`, answering the message's id so it can be updated when its state changes. */
  post(conversation: StoredConversation, card: AdaptiveCard): Promise<Posted>;
  /** Replaces a message the bot posted, for everyone in the conversation (clients without per-user refresh too). */
  update(conversation: StoredConversation, activityId: string, card: AdaptiveCard): Promise<Delivery>;
}
