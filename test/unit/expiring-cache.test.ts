import { ExpiringCache } from '../../src/expiring-cache';

/** A load that counts its calls and resolves when told. */
function controlledLoad<V>(values: V[]) {
  let calls = 0;
  const waiting: (() => void)[] = [];
  return {
    get calls() {
      return calls;
    },
    load: () => {
      const value = values[Math.min(calls, values.length - 1)] as V;
      calls++;
      return new Promise<V>((resolve) => waiting.push(() => resolve(value)));
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the per-instance cache of storage reads', () => {
  let time = 0;
  const now = () => time;

  it('keeps a value for its lifetime, then reads again', async () => {
    const cache = new ExpiringCache<string, number>(1000, { now });
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.get('a', load)).toBe(1);
    time += 999;
    expect(await cache.get('a', load)).toBe(1);
    time += 2;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('hands out copies, so a caller cannot change what the next one is told', async () => {
    const cache = new ExpiringCache<string, string[]>(1000, { now, copy: (list) => [...list] });
    const first = await cache.get('k', async () => ['x']);
    first.push('changed');
    expect(await cache.get('k', async () => ['y'])).toEqual(['x']);
  });

  it('makes one load for callers asking at the same time, each getting its own copy', async () => {
    const cache = new ExpiringCache<string, { n: number }>(1000, { now, copy: (value) => ({ ...value }) });
    const load = controlledLoad([{ n: 1 }]);
    const both = Promise.all([cache.get('k', load.load), cache.get('k', load.load)]);
    await settle();
    load.release();
    const [one, two] = await both;
    expect(load.calls).toBe(1);
    expect(one).toEqual({ n: 1 });
    expect(one).not.toBe(two);
  });

  it('does not keep a load under way when its key is forgotten, and its callers get a fresh read', async () => {
    const cache = new ExpiringCache<string, string>(1000, { now });
    const storage = controlledLoad(['before the change', 'read again']);
    const reading = cache.get('k', storage.load);
    await settle();
    cache.forget('k');
    await settle();
    storage.release();
    expect(await reading).toBe('read again');
    expect(storage.calls).toBe(2);
    // Neither the cancelled load's value nor the read again is kept past the change.
    expect(await cache.get('k', async () => 'after')).toBe('after');
  });

  it('forgets only the key named, or everything', async () => {
    const cache = new ExpiringCache<string, string>(1000, { now });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    cache.forget('a');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('b', async () => 'b2')).toBe('b1');
    cache.forget();
    expect(await cache.get('b', async () => 'b3')).toBe('b3');
  });

  it('does not keep what `keep` refuses, nor a failed load', async () => {
    const cache = new ExpiringCache<string, string | undefined>(1000, { now, keep: (value) => value !== undefined });
    expect(await cache.get('k', async () => undefined)).toBeUndefined();
    expect(await cache.get('k', async () => 'found')).toBe('found');
    await expect(cache.get('e', () => Promise.reject(new Error('storage down')))).rejects.toThrow('storage down');
    expect(await cache.get('e', async () => 'up')).toBe('up');
  });

  it('holds at most `limit` entries, the least recently used going first', async () => {
    const cache = new ExpiringCache<string, string>(1000, { now, limit: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('a', async () => 'unused');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a1');
    expect(await cache.get('b', async () => 'b2')).toBe('b2');
  });
});
