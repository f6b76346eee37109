/** Where deliveries are recorded for every instance to see (the `Idempotency` table in production). */
export interface DeliveryLog {
  /**
   * Records `key` until `expiresAt`; true when this is the first record of it (or the earlier one
   * expired), false when it is already recorded.
   */
  claim(key: string, expiresAt: Date): Promise<boolean>;
}
