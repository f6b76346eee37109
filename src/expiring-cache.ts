/**
 * Values read from storage, kept per instance for `ttlMs` and handed out as copies.
 *
 * @remarks For what other instances may change: a change made through this instance calls
 * `forget`, which also keeps a read that was under way at the time from being stored after it;
 * a change made elsewhere shows here within `ttlMs`. At most `limit` entries (the oldest go first).
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  /** Bumped by every `forget`, so a read that started before a change is not kept after it. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly options: {
      now?: () => number;
      limit?: number;
      copy?: (value: V) => V;
      /** Whether a loaded value is kept (e.g. not "not found"); every value by default. */
      keep?: (value: V) => boolean;
    } = {},
  ) {}

  /** The kept value for `key`, or `load()`'s, which is kept unless something was forgotten meanwhile. */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return this.copy(hit.value);
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && (this.options.keep?.(value) ?? true)) {
      this.entries.delete(key);
      if (this.entries.size >= (this.options.limit ?? 10_000))
        this.entries.delete(this.entries.keys().next().value as K);
      this.entries.set(key, { value: this.copy(value), until: this.now() + this.ttlMs });
    }
    return value;
  }

  /** Drops one entry, or every entry without a key. */
  forget(key?: K): void {
    this.generation++;
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  private copy(value: V): V {
    return this.options.copy ? this.options.copy(value) : value;
  }
}
