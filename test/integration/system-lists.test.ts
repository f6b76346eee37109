import { randomBytes, randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { ValidationError } from '../../src/errors';
import { riskAssessmentDue } from '../../src/features/systems/due';
import type { SystemHistoryEntry, SystemRecord } from '../../src/features/systems/model';
import { SystemService, type SystemActor } from '../../src/features/systems/service';
import { systemListLayout } from '../../src/storage/migrations/system-list-layout';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type Tables } from '../../src/storage/tables';

const clock = { now: () => new Date('2026-11-28T09:00:00Z') };
const coordinator: SystemActor = { userId: randomUUID(), name: 'Mette Kjær', roles: new Set(['coordinator']) };
const asOwner = (userId: string): SystemActor => ({ userId, name: 'Ejer', roles: new Set(['systemOwner']) });

const system = (name: string, overrides: Partial<SystemRecord> = {}): SystemRecord => ({
  id: randomBytes(6).toString('hex'),
  version: 1,
  name,
  purpose: 'Sagsbehandling',
  supplier: 'Leverandør A/S',
  ownerId: randomUUID(),
  ownerName: 'Lise Holm',
  personalData: false,
  personalDataKinds: [],
  createdAt: '2026-11-01T09:00:00.000Z',
  createdBy: 'Mette Kjær',
  ...overrides,
});
const entry = (version: number): SystemHistoryEntry => ({
  version,
  at: '2026-11-28T09:00:00.000Z',
  by: 'u',
  byName: 'Mette Kjær',
  action: version === 1 ? 'registered' : 'edited',
  changes: {},
});
const critical: SystemRecord['criticality'] = {
  answers: {
    lifeAndHealthRiskOnOutage: false,
    citizenServiceImpact: 'shorterOutage',
    statutoryService: true,
    especiallySensitivePersonalData: false,
  },
  proposed: 'critical',
  reasons: [],
  category: 'critical',
  answeredBy: 'Lise Holm',
  answeredAt: '2026-11-20T09:00:00.000Z',
};
/** Two-digit numbers, so the names sort as the numbers do. */
const label = (i: number): string => String(i).padStart(2, '0');

function freshTables(): Tables {
  return createTables(
    { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
    `l${randomBytes(4).toString('hex')}`,
  );
}

/** A client whose writes of one kind fail as if the instance died right there (no answer). */
function dyingAt(client: TableClient, methods: string[]): TableClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (methods.includes(String(property)))
        return () => Promise.reject(Object.assign(new Error('instance died'), { name: 'AbortError' }));
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Every page of a list, following `next`; the entities each page read. */
async function allPages(
  read: (after?: string) => Promise<{ items: { name: string }[]; next?: string }>,
  reads: () => number,
) {
  const pages: { names: string[]; reads: number }[] = [];
  let after: string | undefined;
  do {
    const before = reads();
    const page = await read(after);
    pages.push({ names: page.items.map((item) => item.name), reads: reads() - before });
    after = page.next;
  } while (after && pages.length < 10);
  return pages;
}

describe('the register lists as pages (Azurite)', () => {
  let tables: Tables;
  let read = 0;
  let repo: TableSystemRepository;
  let service: SystemService;
  const owner = randomUUID();

  beforeAll(async () => {
    tables = freshTables();
    await tables.ensureAll();
    repo = new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'), {
      add: (n) => void (read += n),
    });
    service = new SystemService(repo, clock);
    // 95 systems, registered in a shuffled order: 45 owned by one owner; every fifth one critical.
    const order = Array.from({ length: 95 }, (_, i) => i + 1).sort((a, b) => ((a * 37) % 95) - ((b * 37) % 95));
    for (let i = 0; i < order.length; i += 8)
      await Promise.all(
        order.slice(i, i + 8).map((n) =>
          repo.create(
            system(`System ${label(n)}`, {
              ownerId: n <= 45 ? owner : randomUUID(),
              criticality: n % 5 === 0 ? critical : undefined,
              createdAt: `2026-11-${label(1 + (n % 27))}T09:00:00.000Z`,
            }),
            entry(1),
          ),
        ),
      );
  }, 60_000);

  it('pages the register by category and name: every system once, 40 a page, about 40 entities read a page', async () => {
    const pages = await allPages(
      (after) => service.registerPage(coordinator, after),
      () => read,
    );
    const fifths = Array.from({ length: 19 }, (_, i) => `System ${label(5 * (i + 1))}`);
    const rest = Array.from({ length: 95 }, (_, i) => `System ${label(i + 1)}`).filter(
      (name) => !fifths.includes(name),
    );
    expect(pages.map((page) => page.names.length)).toEqual([40, 40, 15]);
    expect(pages.flatMap((page) => page.names)).toEqual([...fifths, ...rest]);
    // The page and one row more (a next page exists?), plus the layout marker once per instance.
    for (const page of pages) expect(page.reads).toBeLessThanOrEqual(40 + 2);
  });

  it("pages an owner's own systems by name, and nobody else's", async () => {
    const pages = await allPages(
      (after) => service.minePage(asOwner(owner), after),
      () => read,
    );
    expect(pages.flatMap((page) => page.names)).toEqual(Array.from({ length: 45 }, (_, i) => `System ${label(i + 1)}`));
    expect(pages.map((page) => page.names.length)).toEqual([40, 5]);
    for (const page of pages) expect(page.reads).toBeLessThanOrEqual(41);
    const stranger = await service.minePage(asOwner(randomUUID()), (await service.minePage(asOwner(owner), '')).next);
    expect(stranger.items).toEqual([]);
  });

  it('pages the risk assessments due, most overdue first, each due system once', async () => {
    const due = (await repo.listDueBy(clock.now(), undefined, 1000)).map((item) => item.dueAt);
    expect(due).toHaveLength(95);
    const pages = await allPages(
      (after) => service.duePage(coordinator, after),
      () => read,
    );
    const shown = pages.flatMap((page) => page.names);
    expect(new Set(shown).size).toBe(95);
    expect(due).toEqual([...due].sort());
    for (const page of pages) expect(page.reads).toBeLessThanOrEqual(41);
  });

  it('refuses a position that is not one of the list, and a list the actor may not see', async () => {
    const { next } = await service.registerPage(coordinator, undefined);
    await expect(service.minePage(asOwner(owner), next)).rejects.toBeInstanceOf(ValidationError);
    await expect(service.duePage(coordinator, next)).rejects.toBeInstanceOf(ValidationError);
    await expect(service.registerPage(coordinator, `${next}' or RowKey ne '`)).rejects.toBeInstanceOf(ValidationError);
    await expect(service.registerPage(asOwner(owner), next)).rejects.toThrow('system register');
  });
});

describe("the register lists across a crash and after the first layout's migration (Azurite)", () => {
  let tables: Tables;

  beforeEach(async () => {
    tables = freshTables();
    await tables.ensureAll();
  });
  const repoOn = (systems: TableClient, index: TableClient, leftBehindMs?: number) =>
    new TableSystemRepository(systems, index, undefined, leftBehindMs);
  const names = async (repo: TableSystemRepository) =>
    (await repo.listRegister(undefined, 100)).map((item) => item.name);
  const rowsOf = async (partitionKey: string) => {
    const rows: Record<string, unknown>[] = [];
    const filter = `PartitionKey eq '${partitionKey}'`;
    for await (const row of tables.client('SystemIndex').listEntities({ queryOptions: { filter } })) rows.push(row);
    return rows;
  };

  it('shows a rename that died before its record was written under the stored name, once, and tidies it later', async () => {
    const systems = tables.client('Systems');
    const index = tables.client('SystemIndex');
    const repo = repoOn(systems, index);
    const alpha = await repo.create(system('Alfa'), entry(1));
    await repo.create(system('Beta'), entry(1));
    const dying = repoOn(dyingAt(systems, ['submitTransaction']), index);
    await expect(
      dying.update({ ...alpha, version: 2, name: 'Omega' }, (await repo.get(alpha.id))!.etag, entry(2), alpha),
    ).rejects.toThrow();

    expect(await names(repo)).toEqual(['Alfa', 'Beta']);
    expect((await repo.listOwnedBy(alpha.ownerId, undefined, 10)).map((item) => item.name)).toEqual(['Alfa']);
    // Ten minutes on, a reader takes the announcement as left behind: the rows show the record again.
    const later = repoOn(systems, index, 0);
    expect(await names(later)).toEqual(['Alfa', 'Beta']);
    expect((await rowsOf('register')).map((row) => [JSON.parse(String(row.item)).name, row.pending])).toEqual([
      ['Alfa', false],
      ['Beta', false],
    ]);
  });

  it('shows a rename that died after its record was written under the new name, once, and confirms it', async () => {
    const systems = tables.client('Systems');
    const index = tables.client('SystemIndex');
    const repo = repoOn(systems, index);
    const alpha = await repo.create(system('Alfa'), entry(1));
    await repo.create(system('Beta'), entry(1));
    const dying = repoOn(systems, dyingAt(index, ['updateEntity', 'deleteEntity']));
    await dying.update({ ...alpha, version: 2, name: 'Omega' }, (await repo.get(alpha.id))!.etag, entry(2), alpha);
    expect((await rowsOf('register')).filter((row) => row.pending)).toHaveLength(2);

    expect(await names(repo)).toEqual(['Beta', 'Omega']);
    expect((await rowsOf('register')).map((row) => [JSON.parse(String(row.item)).name, row.pending])).toEqual([
      ['Beta', false],
      ['Omega', false],
    ]);
    expect((await repo.listOwnedBy(alpha.ownerId, undefined, 10)).map((item) => item.name)).toEqual(['Omega']);
  });

  it('moves rows of the earlier layout once, listing every system (and no crash leftover) in order', async () => {
    const systems = tables.client('Systems');
    const index = tables.client('SystemIndex');
    const owner = randomUUID();
    const stored = [
      system('Ørsted', { ownerId: owner }),
      system('Aula', { ownerId: owner }),
      system('KMD Nexus', { criticality: critical }),
      system('Zoom'),
    ];
    // As the earlier code wrote them: the record, and hints holding only the id, keyed by id.
    for (const s of stored) {
      await systems.createEntity({ partitionKey: `s_${s.id}`, rowKey: 'record', json: JSON.stringify(s) });
      await index.createEntity({
        partitionKey: `category_${s.criticality?.category ?? 'unclassified'}`,
        rowKey: s.id,
        id: s.id,
      });
      await index.createEntity({ partitionKey: `owner_${s.ownerId}`, rowKey: s.id, id: s.id });
      const due = `${riskAssessmentDue(s).dueAt.toISOString()}~${s.id}`;
      await index.createEntity({ partitionKey: 'due', rowKey: due, id: s.id });
    }
    // A hint whose record was never written (the earlier code crashed), and a stale category hint.
    await index.createEntity({ partitionKey: 'category_unclassified', rowKey: 'ffffffffffff', id: 'ffffffffffff' });
    await index.createEntity({ partitionKey: 'category_nonCritical', rowKey: stored[2]!.id, id: stored[2]!.id });

    let read = 0;
    const repo = new TableSystemRepository(systems, index, { add: (n) => void (read += n) });
    // The migration at start (run by runMigrations, see storage-migrations.test.ts) moves them.
    await systemListLayout(index, async (id) => (await repo.get(id))?.system).run();
    expect(await names(repo)).toEqual(['KMD Nexus', 'Aula', 'Zoom', 'Ørsted']);
    expect((await repo.listOwnedBy(owner, undefined, 10)).map((item) => item.name)).toEqual(['Aula', 'Ørsted']);
    expect((await repo.listDueBy(clock.now(), undefined, 10)).map((item) => item.name).sort()).toEqual(
      ['Aula', 'KMD Nexus', 'Ørsted', 'Zoom'].sort(),
    );
    for (const partition of ['category_unclassified', 'category_nonCritical', 'category_critical', `owner_${owner}`])
      expect(await rowsOf(partition)).toEqual([]);
    // Moved rows are pending until their first read checks them; now the rows read carry their items.
    const confirmed = (row: Record<string, unknown>) => row.pending === false && typeof row.item === 'string';
    for (const partition of ['register', 'due']) expect((await rowsOf(partition)).every(confirmed)).toBe(true);
    const owners = await rowsOf('owners');
    expect(owners.filter(confirmed).map((row) => row.id)).toEqual(
      expect.arrayContaining([stored[0]!.id, stored[1]!.id]),
    );
    expect(
      owners
        .filter((row) => row.pending)
        .map((row) => row.id)
        .sort(),
    ).toEqual([stored[2]!.id, stored[3]!.id].sort());

    // Another instance reads the rows alone; a second run of the migration finds nothing to move.
    const other = new TableSystemRepository(systems, index, { add: (n) => void (read += n) });
    read = 0;
    expect(await names(other)).toEqual(['KMD Nexus', 'Aula', 'Zoom', 'Ørsted']);
    expect(read).toBe(4);
    const before = await rowsOf('register');
    await systemListLayout(index, async (id) => (await repo.get(id))?.system).run();
    expect(await rowsOf('register')).toEqual(before);
  });
});
