import { LRUCache } from 'lru-cache';

/** A kept value, boxed so that "nothing there" (`undefined`) can be a value too. */
interface Held<V> {
  value: V;
}

/**
 * Values read from storage, kept per instance for `ttlMs` and handed out as copies; `lru-cache`
 * does the keeping (lifetime, at most `limit` entries — the least recently used go first — and one
 * load for callers asking for the same key at the same time).
 *
 * @remarks For what other instances may change: a change made through this instance calls
 * `forget`, which drops the entry and cancels a load of it under way, so a read that started
 * before the change is never kept after it (its callers read again); a change made elsewhere shows
 * here within `ttlMs`.
 */
export class ExpiringCache<K extends NonNullable<unknown>, V> {
  private readonly cache: LRUCache<K, Held<V>, () => Promise<V>>;
  /** Why loads were cancelled by `forget` (or pushed out): their callers read again, uncached. */
  private readonly cancelled = new WeakSet<object>();

  constructor(
    ttlMs: number,
    private readonly options: {
      now?: () => number;
      limit?: number;
      copy?: (value: V) => V;
      /** Whether a loaded value is kept (e.g. not "not found"); every value by default. */
      keep?: (value: V) => boolean;
    } = {},
  ) {
    const now = options.now;
    this.cache = new LRUCache<K, Held<V>, () => Promise<V>>({
      max: options.limit ?? 10_000,
      ttl: ttlMs,
      // Ask the clock every time (tests move it), and never start at 0, which lru-cache reads as "no start".
      ttlResolution: 0,
      ...(now ? { perf: { now: () => now() + 1 } } : {}),
      fetchMethod: async (_key, _stale, { signal, context }) => {
        signal.addEventListener('abort', () => this.cancelled.add(signal.reason as object), { once: true });
        return { value: this.copy(await context()) };
      },
    });
  }

  /** The kept value for `key`, or `load()`'s, which is kept unless the key was forgotten meanwhile. */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    let held: Held<V> | undefined;
    try {
      held = await this.cache.fetch(key, { context: load });
    } catch (error) {
      if (error instanceof Object && this.cancelled.has(error)) return load();
      throw error;
    }
    if (!held) return load();
    if (this.options.keep && !this.options.keep(held.value) && this.cache.peek(key) === held) this.cache.delete(key);
    return this.copy(held.value);
  }

  /** Drops one entry, or every entry without a key (a load under way for it is not kept). */
  forget(key?: K): void {
    if (key === undefined) this.cache.clear();
    else this.cache.delete(key);
  }

  private copy(value: V): V {
    return this.options.copy ? this.options.copy(value) : value;
  }
}
