import { createHash } from 'node:crypto';
import { ActivityTypes, type Activity } from 'botbuilder';
import type { Clock } from '../clock';

/** Where first deliveries are recorded (the `Idempotency` table in production). */
export interface DeliveryLog {
  /**
   * Records `key` until `expiresAt`; true when this is the first record of it (or the earlier one
   * expired), false when it is already recorded.
   */
  claim(key: string, expiresAt: Date): Promise<boolean>;
}

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

/**
 * Decides whether a turn is a repeated delivery that must not run again.
 *
 * @remarks Teams retries a request that took over 15 s with the same activity id (PLATFORM.md).
 * Messages and conversation updates are answered once per id. Card actions (invokes) are not
 * skipped here: Teams waits for their HTTP answer, and each card action is idempotent in its own
 * right (a report's draft id, a triage change's version), so a retry gets the same answer without
 * a second record. When the log cannot be reached, the turn runs (availability before dedup).
 */
export class DeliveryGuard {
  constructor(
    private readonly log: DeliveryLog,
    private readonly clock: Clock,
  ) {}

  /** True when the activity was delivered before and must be skipped. */
  async isRepeat(activity: Partial<Activity>): Promise<boolean> {
    if (activity.type === ActivityTypes.Invoke) return false;
    const key = deliveryKey(activity);
    if (!key) return false;
    const first = await this.log.claim(key, new Date(this.clock.now().getTime() + deliveryMemoryMs));
    return !first;
  }
}
