import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { SendPace } from './send-pace';

/** An instance that is sending proactive messages, as the others see it (times in ms since the epoch). */
export interface LiveSender {
  id: string;
  /** When it started this stretch of sending. */
  since: number;
  /** When it last said that it is alive. */
  beatAt: number;
}

/** Where the instances that are sending say so, to share the bot's send budget. */
export interface LiveSenders {
  /** Records `self` as alive until `until`; returns every sender alive at `self.beatAt`, `self` included. */
  beat(self: LiveSender, until: number): Promise<LiveSender[]>;
  /** Removes `id`: it stopped sending. */
  leave(id: string): Promise<void>;
}

/** What the notifier asks before each send, and tells after a 429. */
export interface SendGate {
  /** Resolves when a send to `conversationId` may leave (and counts it). */
  acquire(conversationId: string): Promise<void>;
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
 * @remarks Teams allows a bot about 50 sends per second overall, whichever instance sends (PLATFORM.md).
 * An instance that sends keeps a heartbeat row in storage (every `beatMs`, valid for `ttlMs`) and
 * paces itself at the budget divided by the live rows: one instance alone gets all of it, three get
 * a third each, and when one dies its row runs out and the others take its share within
 * `ttlMs + beatMs`. An instance that stops sending deletes its row. A newcomer waits until the
 * senders that were there before it have beaten once more (and so slowed down) before its first send.
 * Chosen over leasing budget slices through one eTag'd row: that puts a storage round trip and
 * eTag contention on the path of every send, while heartbeats cost two storage calls per instance
 * per beat, off that path, and an operator sees who is sending by listing one small table.
 * If storage cannot be reached the instance keeps its last share; Teams' 429s (which pause the
 * whole instance, see {@link SendPace}) are the fallback. Clocks of the instances are assumed to be
 * within a small part of `ttlMs` of each other (NTP).
 */
export class SendBudget implements SendGate {
  readonly id: string;
  private readonly pace: SendPace;
  private readonly beatMs: number;
  private readonly ttlMs: number;
  private readonly idleMs: number;
  private live = false;
  private since = 0;
  private usedAt = 0;
  private waiting = 0;
  private joining?: Promise<void>;
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

  async acquire(conversationId: string): Promise<void> {
    this.waiting++;
    try {
      for (;;) {
        this.usedAt = Date.now();
        if (this.options.senders && !this.live) await (this.joining ??= this.join());
        const wait = this.pace.reserve(conversationId, Date.now());
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    } finally {
      this.waiting--;
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
      this.since = Date.now();
      const live = await this.beat();
      this.live = true;
      this.schedule();
      // Senders that were there first pace for fewer instances until their next beat: let them see us.
      const before = live.filter(
        (s) => s.id !== this.id && (s.since < this.since || (s.since === this.since && s.id < this.id)),
      );
      const seenAt = Math.max(0, ...before.map((s) => s.beatAt + this.beatMs + 100));
      if (seenAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, seenAt - Date.now()));
    } finally {
      this.joining = undefined;
    }
  }

  private async beat(): Promise<LiveSender[]> {
    const now = Date.now();
    try {
      const live =
        (await this.options.senders?.beat({ id: this.id, since: this.since, beatAt: now }, now + this.ttlMs)) ?? [];
      this.pace.shareWith(live.length);
      return live;
    } catch (error) {
      this.warn(error, 'heartbeat');
      return [];
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.next(), this.beatMs);
    this.timer.unref();
  }

  private async next(): Promise<void> {
    if (!this.live) return;
    if (this.waiting === 0 && Date.now() - this.usedAt > this.idleMs) return this.stop();
    await this.beat();
    if (this.live) this.schedule();
  }

  private warn(error: unknown, what: string): void {
    this.options.logger?.warn(
      { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
      `send budget: ${what} failed; keeping the last share`,
    );
  }
}
