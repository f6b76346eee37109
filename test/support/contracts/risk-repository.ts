import { randomBytes } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import type { RiskHistoryEntry, RiskRecord } from '../../../src/features/risks/model';
import type { RiskRepository } from '../../../src/features/risks/repository';
import { countsDelta, type RegisterEntry } from '../../../src/features/risks/register-index';
import type { Measure } from '../../../src/features/incidents/model';

const at = '2027-01-10T09:00:00.000Z';
const id = () => randomBytes(6).toString('hex');
const risk = (overrides: Partial<RiskRecord> = {}): RiskRecord => ({
  id: id(),
  version: 1,
  title: 'Udfald af netværket – "kerne" & æøå',
  scenario: 'En fejl i kernenetværket',
  systemIds: [],
  systemNames: [],
  area: 'network',
  ownerId: 'owner-1',
  ownerName: 'Mette Kjær',
  createdAt: at,
  createdBy: 'Mette Kjær',
  ...overrides,
});
const entry = (version: number, action: RiskHistoryEntry['action'] = 'edited'): RiskHistoryEntry => ({
  version,
  at,
  by: 'coordinator-1',
  byName: 'Mette Kjær',
  action,
  changes: version === 1 ? {} : { title: ['før', 'efter'] },
});
const assessed = (base: RiskRecord): RiskRecord => ({
  ...base,
  version: base.version + 1,
  assessment: {
    likelihood: 3,
    consequence: { confidentiality: 2, integrity: 1, availability: 4, dataSubjects: 2 },
    treatment: 'reduce',
    residualLikelihood: 2,
    residualConsequence: 2,
    nextReview: '2027-04-01',
    assessedAt: at,
    assessedBy: 'coordinator-1',
    assessedByName: 'Mette Kjær',
  },
});

/** What every {@link RiskRepository} must do; `fresh` gives an empty store for each test. */
export function riskRepositoryContract(fresh: () => Promise<RiskRepository>): void {
  let repo: RiskRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('stores a risk with its first history entry, gives back a copy, and refuses a second create of the id', async () => {
    const created = risk();
    await repo.create(created, entry(1, 'created'));
    const stored = await repo.get(created.id);
    expect(stored?.risk).toEqual(created);
    stored!.risk.title = 'changed in memory only';
    expect((await repo.get(created.id))?.risk.title).toBe(created.title);
    await expect(repo.create({ ...created, title: 'other' }, entry(1, 'created'))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await repo.history(created.id)).toEqual([entry(1, 'created')]);
    expect(await repo.get(id())).toBeUndefined();
  });

  it('updates with the eTag it read, keeps every change in the history, and refuses a stale eTag without a trace', async () => {
    const created = risk();
    await repo.create(created, entry(1, 'created'));
    const first = (await repo.get(created.id))!;
    const next = assessed(created);
    const updated = await repo.update(next, first.etag, entry(2, 'assessed'), created);
    expect(updated.risk).toEqual(next);
    await expect(
      repo.update({ ...next, version: 3, title: 'stale' }, first.etag, entry(3), next),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get(created.id))?.risk).toEqual(next);
    expect((await repo.history(created.id)).map((kept) => [kept.version, kept.action])).toEqual([
      [1, 'created'],
      [2, 'assessed'],
    ]);
    await repo.update({ ...next, version: 3, title: 'fresh' }, updated.etag, entry(3), next);
    expect((await repo.get(created.id))?.risk.title).toBe('fresh');
  });

  it('lists the register in pages by id, with each risk as it is now (levels included)', async () => {
    const risks = [risk(), risk(), risk()];
    for (const one of risks) await repo.create(one, entry(1, 'created'));
    const stored = (await repo.get(risks[0]!.id))!;
    await repo.update(assessed(risks[0]!), stored.etag, entry(2, 'assessed'), risks[0]!);
    const ids = risks.map((one) => one.id).sort();
    expect((await repo.list(undefined, 2)).map((item) => item.id)).toEqual(ids.slice(0, 2));
    expect((await repo.list(ids[1], 2)).map((item) => item.id)).toEqual(ids.slice(2));
    const all = await repo.listAll();
    expect(all).toHaveLength(3);
    expect(all.find((item) => item.id === risks[0]!.id)).toEqual(
      expect.objectContaining({ likelihood: 3, consequence: 4, residualLikelihood: 2, residualConsequence: 2 }),
    );
  });

  it("lists one system's risks, and drops a risk from a system it no longer concerns", async () => {
    const [a, b] = [id(), id()];
    const both = risk({ systemIds: [a, b], systemNames: ['A', 'B'], area: undefined });
    const onlyB = risk({ systemIds: [b], systemNames: ['B'], area: undefined });
    await repo.create(both, entry(1, 'created'));
    await repo.create(onlyB, entry(1, 'created'));
    expect((await repo.listForSystem(a)).map((item) => item.id)).toEqual([both.id]);
    expect((await repo.listForSystem(b)).map((item) => item.id).sort()).toEqual([both.id, onlyB.id].sort());
    const stored = (await repo.get(both.id))!;
    const moved = { ...both, version: 2, systemIds: [b], systemNames: ['B'] };
    await repo.update(moved, stored.etag, entry(2), both);
    expect(await repo.listForSystem(a)).toEqual([]);
    expect((await repo.listForSystem(b)).map((item) => item.systemNames)).toEqual([['B'], ['B']]);
  });

  it('keeps the heat map equal to the register through creates, assessments, re-assessments and repairs, some at once', async () => {
    const register = async () => countsDelta(undefined, (await repo.listAll()) as RegisterEntry[]);
    const first = risk();
    await repo.create(first, entry(1, 'created'));
    expect(await repo.heatMap()).toEqual(await register()); // the first read builds the counts
    const others = [risk(), risk(), risk()];
    await Promise.all(others.map((other) => repo.create(other, entry(1, 'created'))));
    const stored = await repo.get(first.id);
    const once = assessed(first);
    await repo.update(once, stored!.etag, entry(2), first);
    const again = { ...once, version: 3, assessment: { ...once.assessment!, likelihood: 4 as const } };
    await repo.update(again, (await repo.get(first.id))!.etag, entry(3), once);
    await Promise.all([repo.repair(again), repo.repair(again), repo.create(risk(), entry(1, 'created'))]);
    const counts = await repo.heatMap();
    expect(counts).toEqual(await register());
    expect(await repo.rebuildHeatMap()).toEqual(counts);
  });

  it('lands every write when 20 risks are created and assessed at once, and the counts equal the register', async () => {
    const many = Array.from({ length: 20 }, (_, i) => risk({ title: `Risiko ${i}` }));
    await Promise.all(
      many.map(async (created, i) => {
        await repo.create(created, entry(1, 'created'));
        const next = assessed(created);
        next.assessment = { ...next.assessment!, nextReview: `2027-0${1 + (i % 9)}-01` };
        await repo.update(next, (await repo.get(created.id))!.etag, entry(2, 'assessed'), created);
      }),
    );
    const counts = await repo.heatMap();
    expect(counts).toEqual(countsDelta(undefined, (await repo.listAll()) as RegisterEntry[]));
    expect((await repo.review('2027-12-31', undefined, 50)).overdue).toHaveLength(20);
  });

  describe("the quarterly review's lists (#19: the first of each, counted in full)", () => {
    const today = '2027-02-01';
    const measure = (id: string, dueDate: string, done = false): Measure => ({
      id,
      text: `Foranstaltning ${id}`,
      owner: 'Peter Nørgaard',
      ownerId: 'owner-2',
      dueDate,
      done,
    });
    /** A risk created, then assessed at `assessedAt` with the levels and next review given. */
    const assessedRisk = async (
      title: string,
      [l, c, rl, rc]: [1 | 2 | 3 | 4, 1 | 2 | 3 | 4, 1 | 2 | 3 | 4, 1 | 2 | 3 | 4],
      nextReview: string,
      assessedAt: string,
      extra: Partial<RiskRecord> = {},
    ): Promise<RiskRecord> => {
      const created = risk({ title });
      await repo.create(created, entry(1, 'created'));
      const next: RiskRecord = {
        ...created,
        version: 2,
        assessment: {
          likelihood: l,
          consequence: { confidentiality: c, integrity: 1, availability: 1 },
          treatment: 'reduce',
          residualLikelihood: rl,
          residualConsequence: rc,
          nextReview,
          assessedAt,
          assessedBy: 'coordinator-1',
          assessedByName: 'Mette Kjær',
        },
        ...extra,
      };
      await repo.update(next, (await repo.get(created.id))!.etag, entry(2, 'assessed'), created);
      return next;
    };
    const titles = (entries: { title: string }[]) => entries.map((item) => item.title);

    it('lists the worst first, the longest overdue and expired first, measures by due date, changes since a time, and counts them all', async () => {
      const fire = await assessedRisk('Brand i serverrummet', [4, 4, 3, 3], '2027-01-10', '2027-01-05T09:00:00.000Z', {
        measures: [measure('m2', '2027-03-01'), measure('m1', '2027-01-20'), measure('m0', '2027-01-02', true)],
      });
      await assessedRisk('Adgang for tidligere ansatte', [3, 3, 3, 3], '2027-05-01', '2027-01-12T09:00:00.000Z', {
        acceptance: {
          approvalId: 'a1',
          state: 'accepted',
          requestedAt: at,
          requestedBy: 'coordinator-1',
          requestedByName: 'Mette Kjær',
          assessedAt: at,
          residual: 'medium',
          expiresOn: '2027-01-31',
        },
      });
      await assessedRisk('Æbler på serveren', [3, 3, 3, 3], '2026-12-01', '2027-01-20T09:00:00.000Z');
      await assessedRisk('Lav risiko', [1, 1, 1, 1], '2026-11-01', '2027-01-25T09:00:00.000Z');
      await repo.create(risk({ title: 'Ikke vurderet' }), entry(1, 'created'));

      const page = await repo.review(today, undefined, 10);
      // Critical before high; of two high, Danish order (Æ after A).
      expect(titles(page.high)).toEqual(['Brand i serverrummet', 'Adgang for tidligere ansatte', 'Æbler på serveren']);
      expect(page.counts.high).toBe(3);
      expect(titles(page.overdue)).toEqual(['Lav risiko', 'Æbler på serveren', 'Brand i serverrummet']);
      expect(titles(page.expired)).toEqual(['Adgang for tidligere ansatte']);
      expect(page.measures.map((open) => open.measure.id)).toEqual(['m1', 'm2']);
      expect(page.changedCount).toBe(4);
      expect(page.counts.unassessed).toBe(1);
      // The lists are not risks of the register.
      expect(await repo.list(undefined, 50)).toHaveLength(5);
      expect(await repo.listAll()).toHaveLength(5);

      // A page of one: the first of each, the counts of all.
      const one = await repo.review(today, undefined, 1);
      expect(titles(one.high)).toEqual(['Brand i serverrummet']);
      expect(one.counts.high).toBe(3);
      expect(titles(one.overdue)).toEqual(['Lav risiko']);

      // Changed after a time: the two assessed after 15 January, the earlier first.
      const since = await repo.review(today, '2027-01-15T00:00:00.000Z', 10);
      expect(titles(since.changed)).toEqual(['Æbler på serveren', 'Lav risiko']);
      expect(since.changedCount).toBe(2);
      // On the day of `since` itself, only those after it.
      const sameDay = await repo.review(today, '2027-01-20T10:00:00.000Z', 10);
      expect(titles(sameDay.changed)).toEqual(['Lav risiko']);
      expect(sameDay.changedCount).toBe(1);
      expect((await repo.review(today, '2027-01-20T08:00:00.000Z', 10)).changedCount).toBe(2);

      // The fire is re-assessed lower and later, renamed, and a measure done: it leaves the lists it left.
      const lower: RiskRecord = {
        ...fire,
        version: 3,
        title: 'Brand i kælderen',
        assessment: {
          ...fire.assessment!,
          likelihood: 1,
          residualLikelihood: 1,
          nextReview: '2027-06-01',
          assessedAt: '2027-01-28T09:00:00.000Z',
        },
        measures: [measure('m2', '2027-03-01'), measure('m1', '2027-01-20', true), measure('m0', '2027-01-02', true)],
      };
      await repo.update(lower, (await repo.get(fire.id))!.etag, entry(3, 'assessed'), fire);
      const after = await repo.review(today, '2027-01-15T00:00:00.000Z', 10);
      expect(titles(after.high)).toEqual(['Adgang for tidligere ansatte', 'Æbler på serveren']);
      expect(after.counts.high).toBe(2);
      expect(titles(after.overdue)).toEqual(['Lav risiko', 'Æbler på serveren']);
      expect(after.measures.map((open) => [open.measure.id, open.parent.kind === 'risk' && open.parent.title])).toEqual(
        [['m2', 'Brand i kælderen']],
      );
      expect(titles(after.changed)).toEqual(['Æbler på serveren', 'Lav risiko', 'Brand i kælderen']);
      expect(after.changedCount).toBe(3);
      expect(await repo.heatMap()).toEqual(countsDelta(undefined, (await repo.listAll()) as RegisterEntry[]));
      // A repair changes nothing, and an older version written late is not listed over the newer.
      await repo.repair(lower);
      await repo.repair(fire);
      expect(await repo.review(today, '2027-01-15T00:00:00.000Z', 10)).toEqual(after);
    });

    it('moves a risk with 50 open measures to 50 new due dates (more rows than one transaction holds)', async () => {
      const many = Array.from({ length: 50 }, (_, i) => measure(`n${i}`, '2027-03-01'));
      const busy = await assessedRisk(
        'Mange foranstaltninger',
        [2, 2, 2, 2],
        '2027-06-01',
        '2027-01-05T09:00:00.000Z',
        {
          measures: many,
        },
      );
      const moved = { ...busy, version: 3, measures: many.map((one) => ({ ...one, dueDate: '2027-04-01' })) };
      await repo.update(moved, (await repo.get(busy.id))!.etag, entry(3), busy);
      const page = await repo.review(today, undefined, 100);
      expect(page.measures).toHaveLength(50);
      expect(new Set(page.measures.map((open) => open.measure.dueDate))).toEqual(new Set(['2027-04-01']));
      expect(page.counts.measures).toEqual({ '2027-04-01': 50 });
    });
  });
}
