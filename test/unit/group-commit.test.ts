import { GroupCommit, type Outcome } from '../../src/platform/group-commit';

/** A writer whose commits finish when the test says so, recording every group it was given. */
class ControlledWriter {
  readonly groups: { key: string; items: string[] }[] = [];
  private readonly open: { finish: (outcomes: Outcome<string>[]) => void; fail: (error: unknown) => void }[] = [];

  commit = (key: string, items: string[]): Promise<Outcome<string>[]> => {
    this.groups.push({ key, items });
    return new Promise((finish, fail) => this.open.push({ finish, fail }));
  };

  /** Completes the oldest unfinished commit: every item written as `<item>@<group number>`. */
  succeed(): void {
    const number = this.groups.length - this.open.length + 1;
    const group = this.groups[number - 1] as { items: string[] };
    this.open.shift()?.finish(group.items.map((item) => ({ ok: true, value: `${item}@${number}` })));
  }

  fail(error: unknown): void {
    this.open.shift()?.fail(error);
  }
}

/** Lets queued microtasks and promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const queueFor = (writer: ControlledWriter, limits: { maxItems?: number; maxBytes?: number } = {}) =>
  new GroupCommit<string, string>({
    commit: writer.commit,
    maxItems: limits.maxItems ?? 99,
    maxBytes: limits.maxBytes ?? 1_000_000,
    size: (item) => item.length,
  });

describe('group commit (appends that wait together are written together)', () => {
  it('writes callers of the same moment as one group, and those arriving meanwhile as the next', async () => {
    const writer = new ControlledWriter();
    const queue = queueFor(writer);
    const first = ['a', 'b', 'c'].map((item) => queue.submit('approvals', item));
    await settle();
    expect(writer.groups).toEqual([{ key: 'approvals', items: ['a', 'b', 'c'] }]);

    const second = ['d', 'e'].map((item) => queue.submit('approvals', item));
    await settle();
    // One group at a time per chain: d and e wait for a, b, c.
    expect(writer.groups).toHaveLength(1);
    writer.succeed();
    expect(await Promise.all(first)).toEqual(['a@1', 'b@1', 'c@1']);
    await settle();
    expect(writer.groups[1]).toEqual({ key: 'approvals', items: ['d', 'e'] });
    writer.succeed();
    expect(await Promise.all(second)).toEqual(['d@2', 'e@2']);
  });

  it('lets different chains write at the same time', async () => {
    const writer = new ControlledWriter();
    const queue = queueFor(writer);
    void queue.submit('approvals', 'a');
    void queue.submit('access', 'b');
    await settle();
    expect(writer.groups.map((group) => group.key).sort()).toEqual(['access', 'approvals']);
  });

  it('keeps a group within the item and size limits, in arrival order', async () => {
    const writer = new ControlledWriter();
    const queue = queueFor(writer, { maxItems: 3, maxBytes: 10 });
    const all = ['aaaa', 'bbbb', 'cccc', 'd', 'e', 'f', 'g', 'hhhhhhhhhhhhhhh'].map((item) =>
      queue.submit('access', item),
    );
    for (let i = 0; i < 4; i++) {
      await settle();
      writer.succeed();
    }
    await Promise.all(all);
    expect(writer.groups.map((group) => group.items)).toEqual([
      ['aaaa', 'bbbb'],
      ['cccc', 'd', 'e'],
      ['f', 'g'],
      // Larger than a group may be, so it goes alone rather than never.
      ['hhhhhhhhhhhhhhh'],
    ]);
  });

  it('gives each caller its own outcome, and a failed group fails only its own callers', async () => {
    const writer = new ControlledWriter();
    const queue = new GroupCommit<string, string>({
      commit: async (key, items) => {
        if (items.includes('boom')) return writer.commit(key, items);
        return items.map((item) =>
          item === 'refused' ? { ok: false, error: new Error('refused') } : { ok: true, value: item },
        );
      },
      maxItems: 99,
      maxBytes: 1_000_000,
      size: () => 1,
    });
    const mixed = ['x', 'refused', 'y'].map((item) => queue.submit('access', item));
    await expect(mixed[0]).resolves.toBe('x');
    await expect(mixed[1]).rejects.toThrow('refused');
    await expect(mixed[2]).resolves.toBe('y');

    const doomed = ['boom', 'z'].map((item) => queue.submit('access', item));
    await settle();
    const after = queue.submit('access', 'later');
    writer.fail(new Error('storage unavailable'));
    await expect(doomed[0]).rejects.toThrow('storage unavailable');
    await expect(doomed[1]).rejects.toThrow('storage unavailable');
    await expect(after).resolves.toBe('later');
  });

  it('keeps serving a chain after an item that cannot even be measured', async () => {
    const queue = new GroupCommit<unknown, string>({
      commit: async (_key, items) =>
        items.map((item) => {
          try {
            return { ok: true, value: JSON.stringify(item) };
          } catch (error) {
            return { ok: false, error };
          }
        }),
      maxItems: 99,
      maxBytes: 1_000,
      size: (item) => JSON.stringify(item).length,
    });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const outcomes = await Promise.allSettled(['a', circular, 'b'].map((item) => queue.submit('access', item)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expect(queue.submit('access', 'c')).resolves.toBe('"c"');
  });
});
