import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/features/access/roles';
import { directoryCacheMs, SystemService, type SystemActor } from '../../src/features/systems/service';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';

const coordinator: SystemActor = { userId: 'c0', name: 'Mette Kjær', roles: new Set<Role>(['coordinator']) };
const details = (name: string) => ({
  name,
  purpose: 'Sagsbehandling',
  supplier: 'KMD',
  ownerId: '6f1d3c2a-0000-4000-8000-000000000001',
  ownerName: 'Jonas Holm',
  personalData: false,
  personalDataKinds: [],
});

/**
 * The report card lists the register's systems for every employee who opens it; two bot instances
 * share the tables, each keeping the list 15 s (docs/SECURITY.md).
 */
describe("the report card's system list, kept per instance on Azurite", () => {
  let tables: Tables;
  let reads = 0;
  let time = 0;
  const clock = new ManualClock(new Date('2026-11-29T10:00:00Z'));
  const instance = () =>
    new SystemService(
      new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'), {
        add: (entities) => void (reads += entities),
      }),
      clock,
      () => time,
    );
  const names = async (service: SystemService) => (await service.directory()).map((system) => system.name).sort();

  beforeEach(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `sd${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    await instance().register(coordinator, details('KMD Nexus'));
  });

  it('reads storage once for many report cards, and shows a system this instance registers at once', async () => {
    const one = instance();
    expect(await names(one)).toEqual(['KMD Nexus']);
    const after = reads;
    for (let i = 0; i < 5; i++) expect(await names(one)).toEqual(['KMD Nexus']);
    expect(reads).toBe(after);

    await one.register(coordinator, details('Aula'));
    expect(await names(one)).toEqual(['Aula', 'KMD Nexus']);
  });

  it("shows another instance's registration once the 15 s have passed", async () => {
    const [one, other] = [instance(), instance()];
    expect(await names(one)).toEqual(['KMD Nexus']);
    await other.register(coordinator, details('Aula'));
    expect(await names(one)).toEqual(['KMD Nexus']);
    time += directoryCacheMs + 1;
    expect(await names(one)).toEqual(['Aula', 'KMD Nexus']);
  });

  it('hands out copies: a caller changing what it got changes nothing kept', async () => {
    const one = instance();
    const first = await one.directory();
    first[0]!.name = 'Ændret';
    first.pop();
    expect(await names(one)).toEqual(['KMD Nexus']);
  });
});
