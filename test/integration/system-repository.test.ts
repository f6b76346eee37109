import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError } from '../../src/errors';
import type { Screening } from '../../src/features/dpia/model';
import type { SystemHistoryEntry, SystemRecord } from '../../src/features/systems/model';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type Tables } from '../../src/storage/tables';

const system = (overrides: Partial<SystemRecord> = {}): SystemRecord => ({
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
const entry = (version: number, action: SystemHistoryEntry['action'] = 'registered'): SystemHistoryEntry => ({
  version,
  at: '2026-11-28T09:00:00.000Z',
  by: 'u',
  byName: 'Mette Kjær',
  action,
  changes: {},
});
const confirmed = (category: 'critical' | 'nonCritical'): SystemRecord['criticality'] => ({
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

describe('the system register in Table Storage (Azurite)', () => {
  let tables: Tables;
  let repo: TableSystemRepository;
  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `r${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    repo = new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'));
  });

  it('reads a system back by id with its history, and finds it by name whatever the case', async () => {
    const created = await repo.create(system({ name: 'KMD Nexus' }), entry(1));
    const stored = await repo.get(created.id);
    expect(stored?.system).toEqual(created);
    expect(stored?.etag).toBeTruthy();
    expect(await repo.history(created.id)).toEqual([entry(1)]);
    expect((await repo.findByName('kmd  nexus'))?.id).toBe(created.id);
    await expect(repo.create(system({ name: 'KMD NEXUS' }), entry(1))).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses an update with a stale eTag and keeps the history append-only', async () => {
    const created = await repo.create(system(), entry(1));
    const { etag } = (await repo.get(created.id))!;
    const next = { ...created, version: 2, purpose: 'Ny' };
    const saved = await repo.update(next, etag, entry(2, 'edited'), created);
    expect(saved.etag).not.toBe(etag);
    await expect(
      repo.update({ ...created, version: 2, purpose: 'Anden' }, etag, entry(2, 'edited'), created),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get(created.id))?.system.purpose).toBe('Ny');
    expect((await repo.history(created.id)).map((item) => item.version)).toEqual([1, 2]);
  });

  it('moves a system between category and owner lists, and frees its old name on rename', async () => {
    const created = await repo.create(system({ criticality: confirmed('nonCritical') }), entry(1));
    const inRegister = async (category: string) =>
      (await repo.listRegister(undefined, 500)).filter((item) => item.category === category).map((item) => item.id);
    expect(await inRegister('nonCritical')).toContain(created.id);
    const newOwner = randomUUID();
    const next = {
      ...created,
      version: 2,
      criticality: confirmed('critical'),
      ownerId: newOwner,
      name: 'Omdøbt ' + created.id,
    };
    await repo.update(next, (await repo.get(created.id))!.etag, entry(2, 'confirmed'), created);
    expect(await inRegister('nonCritical')).not.toContain(created.id);
    expect(await inRegister('critical')).toContain(created.id);
    expect(await repo.listOwnedBy(created.ownerId, undefined, 10)).toEqual([]);
    expect((await repo.listOwnedBy(newOwner, undefined, 10)).map((item) => item.name)).toEqual([next.name]);
    expect(await repo.findByName(created.name)).toBeUndefined();
    await repo.create(system({ name: created.name }), entry(1));
  });

  it('lists systems due by a time: missing assessments from registration, others from their next date', async () => {
    const missing = await repo.create(system({ createdAt: '2026-01-10T09:00:00.000Z' }), entry(1));
    const assessed = await repo.create(
      system({
        criticality: confirmed('critical'),
        lastRiskAssessment: { date: '2026-06-01', by: 'Lise', summary: 'OK', recordedAt: '2026-06-01T10:00:00.000Z' },
      }),
      entry(1),
    );
    const dueNow = (await repo.listDueBy(new Date('2026-11-28T09:00:00Z'), undefined, 500)).map((item) => item.id);
    expect(dueNow).toContain(missing.id);
    expect(dueNow).not.toContain(assessed.id);
    // Critical: every 24 months.
    const dueLater = (await repo.listDueBy(new Date('2028-06-02T00:00:00Z'), undefined, 500)).map((item) => item.id);
    expect(dueLater).toContain(assessed.id);
  });
});

describe('DPIA screenings in Table Storage (Azurite)', () => {
  let repo: TableScreeningRepository;
  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `r${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    repo = new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex'));
  });
  const screening = (systemId: string, requestedAt: string): Screening => ({
    id: `${systemId}-${randomBytes(4).toString('hex')}`,
    systemId,
    systemName: 'Elevplan',
    trigger: 'new',
    ownerId: randomUUID(),
    requestedBy: 'c',
    requestedByName: 'Mette Kjær',
    requestedAt,
  });

  it('keeps pending and open-DPIA lists in step with answers, and refuses a stale eTag', async () => {
    const systemId = randomBytes(6).toString('hex');
    const first = screening(systemId, '2026-11-01T09:00:00.000Z');
    const second = screening(systemId, '2026-11-20T09:00:00.000Z');
    await repo.create(first);
    await repo.create(second);
    expect((await repo.listBySystem(systemId, 10)).map((item) => item.id)).toEqual([second.id, first.id]);
    expect((await repo.listPending(1000)).map((item) => item.id)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    );

    const { etag } = (await repo.get(first.id))!;
    const answered: Screening = {
      ...first,
      answer: {
        answers: {
          newTechnology: true,
          largeScaleSensitiveData: false,
          largeAmountsRegionalNational: false,
          systematicAutomatedEvaluation: false,
          publicAreaMonitoring: false,
          vulnerableDataSubjects: false,
          highInherentRisk: false,
          processesPersonalData: true,
          processingBeganBefore2018_05_25: false,
          changedSince2018: false,
        },
        notes: {},
        result: { outcome: 'dpiaRequired', reasons: ['newTechnology', 'processesPersonalData'] },
        answeredBy: first.ownerId,
        answeredByName: 'Lise Holm',
        answeredAt: '2026-11-02T09:00:00.000Z',
      },
    };
    const saved = await repo.update(answered, etag);
    await expect(repo.update({ ...answered, systemName: 'Ændret' }, etag)).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.listPending(1000)).map((item) => item.id)).not.toContain(first.id);
    expect((await repo.listDpiaOpen(1000)).map((item) => item.id)).toContain(first.id);

    await repo.update({ ...answered, dpia: { doneDate: '2026-11-10', link: 'https://x' } }, saved.etag);
    expect((await repo.listDpiaOpen(1000)).map((item) => item.id)).not.toContain(first.id);
  });

  it('takes a replaced screening off the pending list for good, keeping its record and its place in the system', async () => {
    const systemId = randomBytes(6).toString('hex');
    const replaced = screening(systemId, '2026-11-01T09:00:00.000Z');
    const newer = screening(systemId, '2026-11-20T09:00:00.000Z');
    await repo.create(replaced);
    await repo.create(newer);
    await repo.retire(replaced.id);
    await repo.retire(replaced.id); // a retry after a crash does no harm
    await repo.retire(`${systemId}-00000000`); // nor does one of a screening that is gone

    const pending = (await repo.listPending(1000)).map((item) => item.id);
    expect(pending).toContain(newer.id);
    expect(pending).not.toContain(replaced.id);
    expect((await repo.get(replaced.id))?.screening).toEqual(replaced);
    expect((await repo.listBySystem(systemId, 10)).map((item) => item.id)).toEqual([newer.id, replaced.id]);
  });
});
