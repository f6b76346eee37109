/**
 * Which incident a person's next file goes to (#20): set when she presses "Vedhæft bevis", used by the
 * next message with files in her chat with the bot, and forgotten then or when it expires.
 */
export interface AttachTargets {
  /** Points the person's next file at the incident until `expiresAt` (ISO), replacing any earlier choice. */
  set(userId: string, number: string, expiresAt: string): Promise<void>;
  /** The incident number chosen and not expired at `now`, or undefined. */
  get(userId: string, now: Date): Promise<string | undefined>;
  /** Forgets the choice (nothing to forget is fine). */
  clear(userId: string): Promise<void>;
}

/** How long a "Vedhæft bevis" waits for the file. */
export const ATTACH_WINDOW_MINUTES = 15;
