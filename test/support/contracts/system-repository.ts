import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import { toListItem } from '../../../src/features/systems/list-item';
import { positionIn } from '../../../src/features/systems/list-order';
import type { CriticalityCategory } from '../../../src/features/systems/criticality';
import type { SystemHistoryEntry, SystemRecord } from '../../../src/features/systems/model';
import type { SystemRepository } from '../../../src/features/systems/repository';

export const systemRecord = (overrides: Partial<SystemRecord> = {}): SystemRecord => ({
  id: randomBytes(6).toString('hex'),
  version: 1,
  name: `System ${randomUUID().slice(0, 8)}`,
  purpose: 'Sagsbehandling',
  supplier: 'Leverandør A/S',
  ownerId: randomUUID(),
  ownerName: 'Lise Holm',
  personalData: true,
  personalDataKinds: ['ordinary'],
  createdAt: '2026-11-28T09:00:00.000Z',
  createdBy: 'Mette Kjær',
  ...overrides,
});

export const historyEntry = (
  version: number,
  action: SystemHistoryEntry['action'] = 'registered',
): SystemHistoryEntry => ({
  version,
  at: '2026-11-28T09:00:00.000Z',
  by: 'u',
  byName: 'Mette Kjær',
  action,
  changes: {},
});

const confirmedAs = (category: CriticalityCategory): SystemRecord['criticality'] => ({
  answers: {
    lifeAndHealthRiskOnOutage: false,
    citizenServiceImpact: 'none',
    statutoryService: false,
    especiallySensitivePersonalData: false,
  },
  proposed: category,
  reasons: [],
  category,
  answeredBy: 'Lise Holm',
  answeredAt: '2026-11-28T09:00:00.000Z',
});

/**
 * What every {@link SystemRepository} must do, whatever keeps it: run against the Table store on
 * Azurite and against the in-memory store, so a service test on the memory store tests what the
 * product does. `fresh` gives an empty store for each test (the lists are the whole register).
 */
export function systemRepositoryContract(fresh: () => Promise<SystemRepository>): void {
  let repo: SystemRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('gives back what was stored as a copy, with an eTag, and finds it by name whatever the case and spacing', async () => {
    const created = await repo.create(systemRecord({ name: 'KMD Nexus' }), historyEntry(1));
    const stored = await repo.get(created.id);
    expect(stored?.system).toEqual(created);
    expect(stored?.etag).toBeTruthy();
    stored!.system.name = 'Changed by the caller';
    expect((await repo.get(created.id))?.system.name).toBe('KMD Nexus');
    expect((await repo.findByName(' kmd  NEXUS '))?.id).toBe(created.id);
    expect(await repo.findByName('KMD')).toBeUndefined();
    expect(await repo.get(randomBytes(6).toString('hex'))).toBeUndefined();
  });

  it('refuses a second system of the same name, and a second create of the same system, keeping the first', async () => {
    const created = await repo.create(systemRecord({ name: 'Aula' }), historyEntry(1));
    await expect(repo.create(systemRecord({ name: ' AULA ' }), historyEntry(1))).rejects.toBeInstanceOf(ConflictError);
    await expect(repo.create({ ...created, name: 'Aula 2' }, historyEntry(1))).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get(created.id))?.system).toEqual(created);
    expect(await repo.history(created.id)).toEqual([historyEntry(1)]);
    expect(await repo.listRegister(undefined, 10)).toEqual([toListItem(created)]);
  });

  it('refuses an update with a stale eTag, and keeps the history append-only in version order', async () => {
    const created = await repo.create(systemRecord(), historyEntry(1));
    const { etag } = (await repo.get(created.id))!;
    const next = { ...created, version: 2, purpose: 'Ny' };
    const saved = await repo.update(next, etag, historyEntry(2, 'edited'), created);
    expect(saved.etag).toBeTruthy();
    expect(saved.etag).not.toBe(etag);
    await expect(
      repo.update({ ...created, version: 2, purpose: 'Anden' }, etag, historyEntry(2, 'edited'), created),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get(created.id))?.system).toEqual(next);
    expect((await repo.get(created.id))?.etag).toBe(saved.etag);
    await repo.update({ ...next, version: 3 }, saved.etag, historyEntry(3, 'edited'), next);
    expect((await repo.history(created.id)).map((entry) => entry.version)).toEqual([1, 2, 3]);
  });

  it('frees the old name on rename, and refuses a rename to a name another system holds', async () => {
    const first = await repo.create(systemRecord({ name: 'Opus' }), historyEntry(1));
    const other = await repo.create(systemRecord({ name: 'Acadre' }), historyEntry(1));
    const { etag } = (await repo.get(first.id))!;
    await expect(
      repo.update({ ...first, version: 2, name: 'acadre' }, etag, historyEntry(2, 'edited'), first),
    ).rejects.toBeInstanceOf(ConflictError);
    const renamed = { ...first, version: 2, name: 'Opus Økonomi' };
    await repo.update(renamed, etag, historyEntry(2, 'edited'), first);
    expect(await repo.findByName('Opus')).toBeUndefined();
    expect((await repo.findByName('opus økonomi'))?.id).toBe(first.id);
    const taker = await repo.create(systemRecord({ name: 'OPUS' }), historyEntry(1));
    expect((await repo.findByName('Opus'))?.id).toBe(taker.id);
    expect((await repo.findByName('Acadre'))?.id).toBe(other.id);
  });

  it('lists the register by category, most critical first, then by name in Danish order, page by page', async () => {
    const make = (name: string, category?: CriticalityCategory) =>
      repo.create(systemRecord({ name, criticality: category && confirmedAs(category) }), historyEntry(1));
    const systems = [
      await make('Økonomi', 'critical'),
      await make('Aula', 'critical'),
      await make('Zeus', 'critical'),
      await make('Ærø Havn', 'critical'),
      await make('Nødkald', 'lifeAndDeath'),
      await make('Intranet', 'nonCritical'),
      await make('Ny indkøbt'),
      await make('Borgerservice', 'veryCritical'),
    ];
    const names = ['Nødkald', 'Borgerservice', 'Aula', 'Zeus', 'Ærø Havn', 'Økonomi', 'Intranet', 'Ny indkøbt'];
    const whole = await repo.listRegister(undefined, 100);
    expect(whole.map((item) => item.name)).toEqual(names);
    expect(whole).toEqual(names.map((name) => toListItem(systems.find((system) => system.name === name)!)));

    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await repo.listRegister(after, 3);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(3);
      pages.push(page.map((item) => item.name));
      after = positionIn('register', page.at(-1)!);
    }
    expect(pages).toEqual([names.slice(0, 3), names.slice(3, 6), names.slice(6)]);
    expect(await repo.listRegister(undefined, 0)).toEqual([]);
  });

  it("lists one owner's systems by name, and moves a system between lists when it changes", async () => {
    const owner = randomUUID();
    const other = randomUUID();
    const b = await repo.create(systemRecord({ name: 'Bravo', ownerId: owner }), historyEntry(1));
    await repo.create(systemRecord({ name: 'Alfa', ownerId: owner }), historyEntry(1));
    await repo.create(systemRecord({ name: 'Charlie', ownerId: other }), historyEntry(1));
    expect((await repo.listOwnedBy(owner, undefined, 10)).map((item) => item.name)).toEqual(['Alfa', 'Bravo']);
    const [first] = await repo.listOwnedBy(owner, undefined, 1);
    expect((await repo.listOwnedBy(owner, positionIn('owned', first!), 10)).map((item) => item.name)).toEqual([
      'Bravo',
    ]);

    const { etag } = (await repo.get(b.id))!;
    const moved = { ...b, version: 2, ownerId: other, name: 'Delta', criticality: confirmedAs('lifeAndDeath') };
    await repo.update(moved, etag, historyEntry(2, 'edited'), b);
    expect((await repo.listOwnedBy(owner, undefined, 10)).map((item) => item.name)).toEqual(['Alfa']);
    expect((await repo.listOwnedBy(other, undefined, 10)).map((item) => item.name)).toEqual(['Charlie', 'Delta']);
    const register = await repo.listRegister(undefined, 10);
    expect(register.map((item) => item.name)).toEqual(['Delta', 'Alfa', 'Charlie']);
    expect(register[0]).toEqual(toListItem(moved));
  });

  it('lists the systems due at or before a time, by due time, and only those', async () => {
    const at = (createdAt: string) => systemRecord({ createdAt });
    const early = await repo.create(at('2026-01-10T09:00:00.000Z'), historyEntry(1));
    const late = await repo.create(at('2026-03-01T09:00:00.000Z'), historyEntry(1));
    const exact = await repo.create(at('2026-02-01T12:00:00.000Z'), historyEntry(1));
    const assessed = await repo.create(
      systemRecord({
        createdAt: '2026-01-01T09:00:00.000Z',
        criticality: confirmedAs('nonCritical'),
        lastRiskAssessment: {
          date: '2026-01-05',
          by: 'Lise Holm',
          summary: 'OK',
          recordedAt: '2026-01-05T10:00:00.000Z',
        },
      }),
      historyEntry(1),
    );
    const cutoff = new Date('2026-02-01T12:00:00.000Z');
    expect((await repo.listDueBy(cutoff, undefined, 10)).map((item) => item.id)).toEqual([early.id, exact.id]);
    const [first] = await repo.listDueBy(cutoff, undefined, 1);
    expect(await repo.listDueBy(cutoff, positionIn('due', first!), 10)).toEqual([toListItem(exact)]);
    const later = await repo.listDueBy(new Date('2030-01-01T00:00:00.000Z'), undefined, 10);
    expect(later.map((item) => item.id)).toEqual([early.id, exact.id, late.id, assessed.id]);
    expect(later.map((item) => item.dueReason)).toEqual(['missing', 'missing', 'missing', 'scheduled']);
  });
}
