import type { ConversationReference, TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { Clock } from '../clock';
import type { ConversationReferences, StoredConversation } from '../platform/conversations';
import type { Delivery, Notifier, Posted } from '../platform/notifier';
import type { Logger } from '../logger';
import type { AdaptiveCard } from '../platform/cards';
import { cardAttachment } from './respond';
import { SendBudget, type SendGate } from './send-budget';

/**
 * How long a conversation Teams called gone (403/404) rests before the bot tries it again. It comes
 * back at once when it is heard from (a message, an install, a channel set-up); this is for one
 * that is not, so a single 404 never silences a person's chat or a channel for good.
 */
export const GONE_RETRY_MS = 24 * 60 * 60 * 1000;

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
 * exponential backoff and jitter. A conversation the bot was removed from (403/404) is marked gone:
 * it is not sent to again until it is heard from (which stores its reference afresh) or
 * {@link GONE_RETRY_MS} has passed.
 */
export class TeamsNotifier implements Notifier {
  private readonly gate: SendGate;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly conversations: Pick<ConversationReferences, 'markGone'>,
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

  async send(
    conversation: StoredConversation,
    card: AdaptiveCard,
    options: { urgent?: boolean } = {},
  ): Promise<Delivery> {
    return (await this.post(conversation, card, options)).delivery;
  }

  post(conversation: StoredConversation, card: AdaptiveCard, options: { urgent?: boolean } = {}): Promise<Posted> {
    return this.track(
      this.deliver(
        conversation,
        async (context) => {
          const sent = await context.sendActivity({ attachments: [cardAttachment(card)] });
          return sent?.id;
        },
        options.urgent ?? false,
      ),
    );
  }

  async update(conversation: StoredConversation, activityId: string, card: AdaptiveCard): Promise<Delivery> {
    const updating = this.deliver(conversation, async (context) => {
      await context.updateActivity({
        id: activityId,
        type: 'message',
        conversation: context.activity.conversation,
        attachments: [cardAttachment(card)],
      });
      return activityId;
    });
    return (await this.track(updating)).delivery;
  }

  private track(sending: Promise<Posted>): Promise<Posted> {
    const tracked = sending.then((posted) => posted.delivery);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked)).catch(() => undefined);
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

  private async deliver(
    conversation: StoredConversation,
    operation: (context: TurnContext) => Promise<string | undefined>,
    urgent = false,
  ): Promise<Posted> {
    const goneFor = conversation.goneAt ? this.clock.now().getTime() - Date.parse(conversation.goneAt) : undefined;
    if (goneFor !== undefined && goneFor < GONE_RETRY_MS) return { delivery: 'gone' };
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
        const activityId = await this.attempt(reference, operation);
        return { delivery: 'sent', activityId };
      } catch (error) {
        const status = (error as { statusCode?: number })?.statusCode;
        if (status !== undefined && gone.has(status)) {
          await this.conversations.markGone(conversation.conversationId, this.clock.now());
          this.logger.warn({ status }, 'conversation gone; not sent there again until heard from or a day has passed');
          return { delivery: 'gone' };
        }
        if (attempt >= this.maxAttempts || (status !== undefined && !retryable.has(status))) {
          this.logger.error({ status, attempt, err: error }, 'proactive send failed');
          return { delivery: 'failed' };
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
  private async attempt(
    reference: Partial<ConversationReference>,
    operation: (context: TurnContext) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    let failure: { error: unknown } | undefined;
    let activityId: string | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        activityId = await operation(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return activityId;
  }
}
