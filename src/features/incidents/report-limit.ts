/**
 * How many new reports one person may file in a window, counted per instance.
 *
 * @remarks P1/P10. A person sending reports in a loop (a script, a stuck client) would otherwise fill
 * the register and the coordinator channel and delay real notices. A report is identified by its
 * submission key: a repeat of a report already admitted (a double click, Teams' retry) is always let
 * through, so its receipt is never withheld; only a new report beyond the limit is refused — before
 * anything is stored, with the card and everything typed shown again. The count is per instance,
 * so with N instances a person may file up to N × the limit in a window.
 */
export class ReportLimit {
  private readonly recent = new Map<string, { key: string; at: number }[]>();
  private sweptAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** True when `userId` may file the report with submission `key` now (and counts it). */
  admit(userId: string, key: string): boolean {
    const now = this.now();
    this.sweep(now);
    const kept = (this.recent.get(userId) ?? []).filter((entry) => now - entry.at < this.windowMs);
    if (kept.some((entry) => entry.key === key)) return true;
    if (kept.length >= this.limit) {
      this.recent.set(userId, kept);
      return false;
    }
    kept.push({ key, at: now });
    this.recent.set(userId, kept);
    return true;
  }

  /** Forgets people with nothing in the window (at most once a window). */
  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [userId, entries] of this.recent)
      if (entries.every((entry) => now - entry.at >= this.windowMs)) this.recent.delete(userId);
  }
}
