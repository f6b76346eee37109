/** A limit of `count` sends in any window of `ms` milliseconds. */
export type SendWindow = readonly [count: number, ms: number];

/** Teams' bot send limits (PLATFORM.md): overall per bot, and per conversation. */
export const teamsSendLimits = {
  perSecond: 50,
  perConversation: [
    [7, 1000],
    [8, 2000],
    [60, 30_000],
    [1800, 3_600_000],
  ] as readonly SendWindow[],
};

export interface SendPaceOptions {
  /** Sends per second for the whole bot, shared by the instances that are sending (Teams: 50). */
  perSecond?: number;
  perConversation?: readonly SendWindow[];
  /**
   * Added to every window (ms): Teams counts a send when it arrives, we when it leaves, and the
   * time in between varies. Also the overall pace is `perSecond` per (1 s + guard).
   */
  guardMs?: number;
  /** After a 429 the rate is halved; it grows back to the full share over this many ms. */
  recoverMs?: number;
}

/**
 * This instance's side of Teams' send limits, as pure bookkeeping on a millisecond clock.
 *
 * @remarks Overall: sends leave evenly spaced, at this instance's whole share of `perSecond` per
 * (1 s + guard): the instances sending at the moment split the budget in whole sends, the first
 * ones by id taking one more (50 for three: 17, 17, 16). Even spacing (not bursts up to the window)
 * and whole shares keep the sum under the limit in every sliding second, whatever the instances'
 * phase, and also while the number of senders changes. Per conversation: a log of this instance's
 * sends checked against each window. A 429 pauses every send of the instance for Retry-After, not
 * only the one refused, and halves the rate, which grows back linearly over `recoverMs` (Teams may
 * count sends we do not see, such as replies in a turn).
 */
export class SendPace {
  private readonly perSecond: number;
  private readonly perConversation: readonly SendWindow[];
  private readonly guardMs: number;
  private readonly recoverMs: number;
  private readonly longestMs: number;
  private senders = 1;
  private rank = 0;
  private nextAt = 0;
  private pausedUntil = 0;
  /** Share of the rate given up after 429s, from `cutFrom` on, shrinking linearly to 0 over `recoverMs`. */
  private cut = 0;
  private cutFrom = 0;
  private readonly sent = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(options: SendPaceOptions = {}) {
    this.perSecond = options.perSecond ?? teamsSendLimits.perSecond;
    this.perConversation = options.perConversation ?? teamsSendLimits.perConversation;
    this.guardMs = options.guardMs ?? 40;
    this.recoverMs = options.recoverMs ?? 4000;
    this.longestMs = Math.max(0, ...this.perConversation.map(([, ms]) => ms)) + this.guardMs;
  }

  /** How many instances share the overall budget (this one included). */
  get sharedBy(): number {
    return this.senders;
  }

  /** Shares the budget among `senders` instances, this one `rank`-th of them by id (from 0). */
  shareWith(senders: number, rank = 0): void {
    this.senders = Math.max(1, senders);
    this.rank = Math.min(Math.max(0, rank), this.senders - 1);
  }

  /** Ms between two sends of this instance at `now`. */
  intervalMs(now: number): number {
    const whole = Math.floor(this.perSecond / this.senders);
    const share = Math.max(1, whole + (this.rank < this.perSecond - whole * this.senders ? 1 : 0));
    return (1000 + this.guardMs) / (share * (1 - this.cutAt(now)));
  }

  /** Books a send to `conversationId` at `now` and returns 0, or returns the ms to wait first. */
  reserve(conversationId: string, now: number): number {
    const times = this.sent.get(conversationId) ?? [];
    const wait = Math.max(this.pausedUntil - now, this.nextAt - now, this.conversationWait(times, now));
    if (wait > 0) return Math.ceil(wait);
    // A send a few ms late (timers) keeps its slot; one late by more starts a new spacing.
    const interval = this.intervalMs(now);
    this.nextAt = now - this.nextAt < this.guardMs / 4 ? this.nextAt + interval : now + interval;
    times.push(now);
    this.sent.set(conversationId, times);
    this.sweep(now);
    return 0;
  }

  /**
   * Teams answered 429: no send of this instance leaves before Retry-After, and the rate halves —
   * once per pause: the other sends that left before it may be answered 429 during it as well.
   */
  throttled(now: number, retryAfterMs: number): void {
    const pausedAlready = now < this.pausedUntil;
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (!pausedAlready) this.cut = Math.min(0.9, 1 - (1 - this.cutAt(now)) / 2);
    this.cutFrom = this.pausedUntil;
  }

  private cutAt(now: number): number {
    const left = 1 - Math.max(0, now - this.cutFrom) / this.recoverMs;
    return left > 0 ? this.cut * left : 0;
  }

  private conversationWait(times: number[], now: number): number {
    let wait = 0;
    for (const [count, ms] of this.perConversation) {
      const windowMs = ms + this.guardMs;
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && (times[i] as number) > now - windowMs; i--) inWindow++;
      if (inWindow >= count) wait = Math.max(wait, (times[times.length - count] as number) + windowMs - now);
    }
    return wait;
  }

  /** Forgets sends older than the longest window (every minute at most). */
  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [conversationId, times] of this.sent) {
      const keep = times.findIndex((at) => at > now - this.longestMs);
      if (keep < 0) this.sent.delete(conversationId);
      else if (keep > 0) times.splice(0, keep);
    }
  }
}
