/** What became of one item of a group: its result, or the error its caller gets. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** How a group is written and how large one may grow. */
export interface GroupCommitOptions<T, R> {
  /** Writes a group for one key; answers one outcome per item, in order (a throw fails the whole group). */
  commit(key: string, items: T[]): Promise<Outcome<R>[]>;
  /** The most items in one group, as `weight` counts them (one each without it). */
  maxItems: number;
  /** How many of `maxItems` one item takes (e.g. the storage operations it needs). */
  weight?(item: T): number;
  /** The most bytes in one group, as `size` counts them (a single larger item still goes alone). */
  maxBytes: number;
  size(item: T): number;
}

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Serializes writes per key inside one process and commits whatever waits as one group: while a
 * group is being written, the next one gathers, so N callers arriving together cost one write.
 *
 * @remarks P10 integrity under load: every append to an audit chain moves the chain's head, so
 * concurrent appends from one instance would only conflict with each other and retry. Here they
 * queue instead; each caller's promise settles only when its own item is durably written (or
 * failed), never earlier. Items are taken in arrival order, so a chain records them in that order.
 */
export class GroupCommit<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  /** Queues `item` for `key`; settles when the group holding it has been written. */
  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      // A microtask later, so callers in the same tick join the first group.
      queueMicrotask(() => void this.drain(key));
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key) as Waiting<T, R>[];
    while (queue.length > 0) {
      const group = this.take(queue);
      let outcomes: Outcome<R>[];
      try {
        outcomes = await this.options.commit(
          key,
          group.map((waiting) => waiting.item),
        );
      } catch (error) {
        outcomes = group.map(() => ({ ok: false, error }));
      }
      group.forEach((waiting, i) => {
        const outcome = outcomes[i] ?? { ok: false, error: new Error('group commit gave no outcome') };
        if (outcome.ok) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
    }
    this.queues.delete(key);
  }

  /** The oldest waiting items that fit in one group (at least one). */
  private take(queue: Waiting<T, R>[]): Waiting<T, R>[] {
    let count = 0;
    let bytes = 0;
    let weight = 0;
    while (count < queue.length) {
      const item = (queue[count] as Waiting<T, R>).item;
      weight += this.options.weight?.(item) ?? 1;
      bytes += this.sizeOf(item);
      if (count > 0 && (weight > this.options.maxItems || bytes > this.options.maxBytes)) break;
      count++;
    }
    return queue.splice(0, count);
  }

  /** An item's size; one that cannot be measured counts as a whole group (its commit reports why). */
  private sizeOf(item: T): number {
    try {
      return this.options.size(item);
    } catch {
      return this.options.maxBytes;
    }
  }
}
