import { createHash } from 'node:crypto';
import { ActivityTypes, type Activity } from 'botbuilder';
import type { Clock } from '../clock';
import type { DeliveryLog } from '../platform/delivery-log';

/** How long a delivered activity id is remembered: well past Teams' retries (15 s, a few times). */
export const deliveryMemoryMs = 24 * 60 * 60 * 1000;

/**
 * The key of a delivered activity: its id within its conversation, hashed (ids are Teams-chosen
 * strings; the hash keeps table keys short and free of forbidden characters).
 */
export function deliveryKey(activity: Partial<Activity>): string | undefined {
  const id = typeof activity.id === 'string' ? activity.id : '';
  const conversation = typeof activity.conversation?.id === 'string' ? activity.conversation.id : '';
  if (!id || !conversation) return undefined;
  return createHash('sha256').update(`${conversation}\n${id}`).digest('hex').slice(0, 40);
}

export interface DeliveryGuardOptions {
  /**
   * An activity sent at least this long ago may be Teams' retry of one another instance took:
   * it is checked in the shared log. Teams retries after 15 s; the margin covers clock skew.
   */
  maybeRetryAfterMs: number;
  /** A turn still running after this long is recorded in the shared log, before Teams can retry it. */
  slowTurnMs: number;
  /** How long this instance remembers an activity id, and how many at most. */
  localMemoryMs: number;
  localLimit: number;
  /** Wall-clock milliseconds, compared with the `timestamp` Teams puts on the activity. */
  wallClock: () => number;
}

const defaults: DeliveryGuardOptions = {
  maybeRetryAfterMs: 10_000,
  slowTurnMs: 5_000,
  localMemoryMs: 60 * 60 * 1000,
  localLimit: 100_000,
  wallClock: Date.now,
};

/** What the guard says about one activity; call `done` when its turn has finished. */
export interface Delivery {
  repeat: boolean;
  done(): void;
}

const firstAndDone: Delivery = { repeat: false, done: () => undefined };

/**
 * Decides whether a turn is a repeated delivery that must not run again.
 *
 * @remarks Teams retries a request that took over 15 s with the same activity id (PLATFORM.md),
 * possibly to another instance. Messages and conversation updates are answered once per id:
 * - every instance remembers the ids it has seen (in memory), so a retry that reaches the same
 *   instance is skipped without a storage call;
 * - a turn that is still running after `slowTurnMs` (well before Teams' 15 s) is recorded in the
 *   shared log, and an activity sent `maybeRetryAfterMs` or longer ago (by its Teams `timestamp`;
 *   a missing or unreadable one counts as old) is claimed there first, so a retry reaching another
 *   instance is skipped too.
 * A fresh message therefore costs no storage round trip (B1 in bench/README.md). What is not
 * covered: a turn that finished quickly but whose answer was lost on the way back, retried to
 * another instance — it runs again there; messages only show cards, so the user sees one twice,
 * and no record is doubled.
 *
 * Card actions (invokes) are not skipped here: Teams waits for their HTTP answer, and each card
 * action is idempotent in its own right (a report's draft id, a triage change's version), so a
 * retry gets the same answer without a second record. When the log cannot be reached, the turn runs
 * (availability before de-duplication).
 */
export class DeliveryGuard {
  private readonly options: DeliveryGuardOptions;
  /** Activity keys this instance has seen, oldest first, with when they are forgotten (wall ms). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly log: DeliveryLog,
    private readonly clock: Clock,
    options: Partial<DeliveryGuardOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  /** Whether the activity was delivered before (skip it); otherwise call `done` when its turn ends. */
  async begin(activity: Partial<Activity>): Promise<Delivery> {
    if (activity.type === ActivityTypes.Invoke) return firstAndDone;
    const key = deliveryKey(activity);
    if (!key) return firstAndDone;
    const now = this.options.wallClock();
    this.forgetOld(now);
    if (this.seen.has(key)) return { repeat: true, done: () => undefined };
    this.seen.set(key, now + this.options.localMemoryMs);
    const sentAt = sentAtOf(activity);
    if (sentAt === undefined || now - sentAt >= this.options.maybeRetryAfterMs) {
      if (!(await this.claim(key))) return { repeat: true, done: () => undefined };
      return firstAndDone;
    }
    let finished = false;
    const timer = setTimeout(() => {
      if (!finished) void this.claim(key).catch(() => undefined);
    }, this.options.slowTurnMs);
    timer.unref();
    return {
      repeat: false,
      done: () => {
        finished = true;
        clearTimeout(timer);
      },
    };
  }

  private claim(key: string): Promise<boolean> {
    return this.log.claim(key, new Date(this.clock.now().getTime() + deliveryMemoryMs));
  }

  private forgetOld(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now && this.seen.size < this.options.localLimit) break;
      this.seen.delete(key);
    }
  }
}

/** When Teams says the activity was sent (ms), or undefined when it does not say clearly. */
function sentAtOf(activity: Partial<Activity>): number | undefined {
  const value: unknown = activity.timestamp;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
