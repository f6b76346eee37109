import type { AttachTargets } from '../../../src/features/evidence/targets';

/** Pending "Vedhæft bevis" choices in memory, held to the contract of `TableAttachTargets`. */
export class MemoryAttachTargets implements AttachTargets {
  private readonly rows = new Map<string, { number: string; expiresAt: string }>();

  async set(userId: string, number: string, expiresAt: string): Promise<void> {
    this.rows.set(userId, { number, expiresAt });
  }

  async get(userId: string, now: Date): Promise<string | undefined> {
    const row = this.rows.get(userId);
    return row && row.expiresAt > now.toISOString() ? row.number : undefined;
  }

  async clear(userId: string): Promise<void> {
    this.rows.delete(userId);
  }
}
