import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { SendPace } from './send-pace';
import type { LiveSender, LiveSenders } from '../platform/live-senders';

/** What the notifier asks before each send, and tells after a 429. */
export interface SendGate {
  /**
   * Resolves when a send to `conversationId` may leave (and counts it). An `urgent` send (a breach
   * notice) goes before every ordinary send waiting at the same time.
   */
  acquire(conversationId: string, urgent?: boolean): Promise<void>;
  /** Teams answered 429: every send of this instance waits `retryAfterMs`. */
  throttled(retryAfterMs: number): void;
}

export interface SendBudgetOptions {
  pace?: SendPace;
  /** Where to meet the other instances; without it this instance takes the whole budget. */
  senders?: LiveSenders;
  logger?: Logger;
  /** How often a sending instance says it is alive (ms). */
  beatMs?: number;
  /** How long a heartbeat counts: a dead instance's share comes back after at most this plus `beatMs`. */
  ttlMs?: number;
  /** An instance that has not sent for this long stops counting itself (ms). */
  idleMs?: number;
}

/**
 * Teams' send limits for one instance, with the per-bot budget shared among the instances sending.
 *
 * @remarks Teams allows a bot about 50 sends per second overall, whichever instance sends
 * (PLATFORM.md). An instance that sends keeps a heartbeat row in storage (every `beatMs`, valid for
 * `ttlMs`; the first beats after it starts sending come sooner, so that instances starting together
 * find each other quickly) and paces itself at its whole share of the budget among the live rows
 * ({@link SendPace}): one instance alone gets all of it, three a third each, and when one dies its
 * row runs out and the others take its share within `ttlMs + beatMs`. An instance that stops
 * sending deletes its row. A newcomer sends nothing until every sender whose heartbeat storage
 * wrote before its own has beaten again (and so counted it and slowed down); storage's write times
 * order the heartbeats, so this needs no agreement between the instances' clocks.
 *
 * Chosen over leasing budget slices through one eTag'd row: that puts a storage round trip, and
 * eTag contention between the instances, on the path of every send; heartbeats cost two storage
 * calls per sending instance per beat, off that path, and an operator sees who is sending by
 * listing one small table. If storage cannot be reached, the instance keeps its last share and
 * Teams' 429s are the fallback. Heartbeats run out by each instance's own clock: clocks are
 * assumed to agree within a small part of `ttlMs` (NTP).
 */
/** How long an ordinary send steps back while an urgent one waits, before looking again. */
const URGENT_YIELD_MS = 20;

export class SendBudget implements SendGate {
  readonly id: string;
  private readonly pace: SendPace;
  private readonly beatMs: number;
  private readonly ttlMs: number;
  private readonly idleMs: number;
  private live = false;
  private usedAt = 0;
  private waiting = 0;
  /** Urgent sends waiting now: ordinary sends leave only when none is. */
  private urgentWaiting = 0;
  private joining?: Promise<void>;
  private beatsSinceJoin = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: SendBudgetOptions = {}) {
    this.id = randomUUID();
    this.pace = options.pace ?? new SendPace();
    this.beatMs = options.beatMs ?? 500;
    this.ttlMs = options.ttlMs ?? 2000;
    this.idleMs = options.idleMs ?? 1500;
  }

  /** How many instances share the budget, as this one last saw it. */
  get sharedBy(): number {
    return this.pace.sharedBy;
  }

  async acquire(conversationId: string, urgent = false): Promise<void> {
    this.waiting++;
    if (urgent) this.urgentWaiting++;
    try {
      for (;;) {
        this.usedAt = Date.now();
        // Every send waits for the join, not only the one that started it.
        if (this.options.senders && !this.live) this.joining ??= this.join();
        if (this.joining) await this.joining;
        if (!urgent && this.urgentWaiting > 0) {
          // A breach notice is waiting (P2: 72 hours): ordinary sends give it the next slot.
          await new Promise((resolve) => setTimeout(resolve, URGENT_YIELD_MS));
          continue;
        }
        const wait = this.pace.reserve(conversationId, Date.now());
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    } finally {
      this.waiting--;
      if (urgent) this.urgentWaiting--;
    }
  }

  throttled(retryAfterMs: number): void {
    this.pace.throttled(Date.now(), retryAfterMs);
  }

  /** Stops the heartbeat and removes this instance's row (on shutdown, or when idle). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.live) return;
    this.live = false;
    await this.options.senders?.leave(this.id).catch((error: unknown) => this.warn(error, 'leave'));
  }

  private async join(): Promise<void> {
    try {
      let live = await this.beat();
      this.live = true;
      this.beatsSinceJoin = 0;
      this.schedule();
      // A sender whose heartbeat storage wrote before ours may have counted the senders before we
      // were there, and paces for fewer: wait until it has beaten again (written after ours), left
      // or run out. One written after ours counted us already.
      const mine = live.find((sender) => sender.id === this.id)?.writtenAt ?? Infinity;
      const unaware = (senders: LiveSender[]) =>
        senders.filter((sender) => sender.id !== this.id && !(sender.writtenAt > mine));
      const giveUpAt = Date.now() + this.beatMs + this.ttlMs;
      while (unaware(live).length > 0 && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, this.beatMs / 5));
        live = await this.list();
      }
    } finally {
      this.joining = undefined;
    }
  }

  private async list(): Promise<LiveSender[]> {
    try {
      const live = (await this.options.senders?.list(Date.now())) ?? [];
      this.share(live);
      return live;
    } catch (error) {
      this.warn(error, 'heartbeat');
      return [];
    }
  }

  private async beat(): Promise<LiveSender[]> {
    const now = Date.now();
    try {
      const live = (await this.options.senders?.beat(this.id, now, now + this.ttlMs)) ?? [];
      this.share(live);
      return live;
    } catch (error) {
      this.warn(error, 'heartbeat');
      return [];
    }
  }

  private share(live: LiveSender[]): void {
    const ids = live.map((sender) => sender.id).sort();
    const rank = ids.indexOf(this.id);
    this.pace.shareWith(live.length, rank < 0 ? live.length : rank);
  }

  /** The next beat: quick ones right after joining (instances that start together find each other). */
  private schedule(): void {
    const delay = Math.min(this.beatMs, (this.beatMs / 5) * 2 ** this.beatsSinceJoin++);
    this.timer = setTimeout(() => void this.next(), delay);
    this.timer.unref();
  }

  private async next(): Promise<void> {
    if (!this.live) return;
    if (this.waiting === 0 && Date.now() - this.usedAt > this.idleMs) return this.stop();
    await this.beat();
    if (this.live) this.schedule();
  }

  private warn(error: unknown, what: string): void {
    this.options.logger?.warn({ err: error }, `send budget: ${what} failed; keeping the last share`);
  }
}
