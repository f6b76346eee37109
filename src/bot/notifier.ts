import type { ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { Clock } from '../clock';
import type { ConversationRepository, StoredConversation } from '../features/access/conversations';
import type { Logger } from '../logger';
import { cardAttachment, type AdaptiveCard } from './cards';
import { SendBudget, type SendGate } from './send-budget';

/** The outcome of one proactive send. */
export type Delivery = 'sent' | 'gone' | 'failed';

/** Sends proactive messages (notifications, reminders) into stored conversations. */
export interface Notifier {
  /** `urgent`: a breach notice, sent before ordinary sends waiting for Teams' send limits. */
  send(conversation: StoredConversation, card: AdaptiveCard, options?: { urgent?: boolean }): Promise<Delivery>;
}

const retryable = new Set([412, 429, 500, 502, 503, 504]);
const gone = new Set([403, 404]);

/** Seconds from a Retry-After header, if any. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) ? Math.min(seconds * 1000, 60_000) : undefined;
}

export interface TeamsNotifierOptions {
  /** Teams' send limits; default: this instance alone, with the whole per-bot budget. */
  gate?: SendGate;
  maxAttempts?: number;
  baseDelayMs?: number;
}

/**
 * Proactive sends through the Bot Connector.
 *
 * @remarks Every attempt first passes the {@link SendGate} (Teams' per-bot and per-conversation
 * limits, shared between instances), so that Teams has no reason to answer 429. botbuilder's
 * connector client retries a 429 itself, honouring Retry-After, and a 5xx with backoff, three
 * times, before this code sees an error; a 429 that still arrives here pauses the whole instance
 * for Retry-After plus jitter (through the gate), not only this send. 412/5xx are retried with
 * exponential backoff and jitter. A conversation the bot was removed from (403/404) is marked gone
 * and never retried.
 */
export class TeamsNotifier implements Notifier {
  private readonly gate: SendGate;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: TeamsNotifierOptions = {},
  ) {
    this.gate = options.gate ?? new SendBudget();
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
  }

  /** Sends under way, so a stop can let them finish ({@link TeamsNotifier.settled}). */
  private readonly inFlight = new Set<Promise<Delivery>>();

  send(conversation: StoredConversation, card: AdaptiveCard, options: { urgent?: boolean } = {}): Promise<Delivery> {
    const sending = this.deliver(conversation, card, options.urgent ?? false);
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending)).catch(() => undefined);
    return sending;
  }

  /**
   * Waits for the sends under way (some are not awaited by their turn: a reporter told of a closed
   * incident), at most `withinMs`; a stopping instance calls it before its connections close, so a
   * send neither retries against a server going away nor is cut off mid-way.
   */
  async settled(withinMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, withinMs);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), limit]);
    clearTimeout(timer);
  }

  private async deliver(conversation: StoredConversation, card: AdaptiveCard, urgent: boolean): Promise<Delivery> {
    if (conversation.goneAt) return 'gone';
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: conversation.serviceUrl,
      conversation: {
        id: conversation.conversationId,
        conversationType: conversation.conversationType,
        tenantId: conversation.tenantId,
        isGroup: conversation.conversationType !== 'personal',
        name: '',
      },
      bot: { id: this.appId ? `28:${this.appId}` : 'sikkerhedsbot', name: 'Sikkerhed' },
    };
    for (let attempt = 1; ; attempt++) {
      await this.gate.acquire(conversation.conversationId, urgent);
      try {
        await this.sendOnce(reference, card);
        return 'sent';
      } catch (error) {
        const status = (error as { statusCode?: number })?.statusCode;
        if (status !== undefined && gone.has(status)) {
          await this.conversations.markGone(conversation.conversationId, this.clock.now());
          this.logger.warn({ status }, 'conversation gone; the bot will not send there again');
          return 'gone';
        }
        if (attempt >= this.maxAttempts || (status !== undefined && !retryable.has(status))) {
          this.logger.error(
            { status, attempt, err: { name: (error as Error)?.name, message: (error as Error)?.message } },
            'proactive send failed',
          );
          return 'failed';
        }
        const backoff = this.baseDelayMs * 2 ** (attempt - 1);
        const jittered = backoff / 2 + Math.random() * backoff;
        const retryAfter = retryAfterMs(error);
        if (status === 429) this.gate.throttled((retryAfter ?? jittered) + Math.random() * 250);
        else await new Promise((resolve) => setTimeout(resolve, retryAfter ?? jittered));
      }
    }
  }

  /**
   * One attempt. The send's error is caught inside the turn and thrown here.
   *
   * @remarks botbuilder hands an error thrown in a proactive turn to the adapter's `onTurnError`
   * (which the app sets, to log it) instead of to the caller: the send would look delivered, a 429
   * would never slow the bot down, a removed channel would never be marked gone, and a reminder job
   * would record as delivered a reminder Teams refused.
   */
  private async sendOnce(reference: Partial<ConversationReference>, card: AdaptiveCard): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        await context.sendActivity({ attachments: [cardAttachment(card)] });
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }
}
