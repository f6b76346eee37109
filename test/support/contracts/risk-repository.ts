import { randomBytes } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import type { RiskHistoryEntry, RiskRecord } from '../../../src/features/risks/model';
import type { RiskRepository } from '../../../src/features/risks/repository';
import { heatMapDelta } from '../../../src/features/risks/level';

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
    const register = async () => heatMapDelta(undefined, await repo.listAll());
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
}
