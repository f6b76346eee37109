import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/clock';
import { StorageUnavailableError } from '../../src/errors';
import type { Role } from '../../src/features/access/roles';
import { IMPORTS, RegisterImportService } from '../../src/features/systems/transfer/import-service';
import { readTable } from '../../src/features/transfer/read-table';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableImportSessionRepository } from '../../src/storage/import-session-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { failCallAfter, refuseTransactionsContaining } from '../support/fault-storage';
import { DECISIONS } from '../../src/features/audit/decision-records';

const coordinator = {
  userId: '11111111-1111-4111-8111-111111111111',
  name: 'Mette Kjær',
  roles: new Set<Role>(['coordinator']),
};
const lise = { ownerId: '22222222-2222-4222-8222-222222222222', ownerName: 'Lise Holm' };
const clock: Clock = { now: () => new Date('2026-12-07T09:00:00.000Z') };

const file = (rows: number): Buffer =>
  Buffer.from(
    [
      'Systemnavn;Formål;Leverandør;Systemejer;Kategori;Personoplysninger;Typer af personoplysninger',
      ...Array.from(
        { length: rows },
        (_, i) => `System ${i + 1};Formål ${i + 1};Leverandør A/S;lise.holm@kommune.dk;Kritiske systemer;Nej;`,
      ),
      'Uden formål;;Leverandør A/S;;;Nej;',
    ].join('\r\n'),
    'utf8',
  );

describe('importing the system register (Azurite)', () => {
  let tables: Tables;
  let systems: TableSystemRepository;
  let audit: TableAuditLog;
  let service: RegisterImportService;
  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `i${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    systems = new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'));
    audit = new TableAuditLog(tables.client('Audit'), clock);
    service = new RegisterImportService(
      systems,
      new TableImportSessionRepository(tables.client('Imports')),
      audit,
      clock,
    );
  });

  const upload = async (bytes: Buffer) =>
    service.upload(
      coordinator,
      bytes,
      await readTable(bytes),
      async (texts) => new Map(texts.map((text) => [text, lise])),
    );

  it('applies what the dry run showed, a storage fault in the middle is finished by a retry, and a re-import changes nothing', async () => {
    const bytes = file(12);
    const first = await upload(bytes);
    expect(first.plan.counts).toEqual({ create: 12, change: 0, unchanged: 0, refused: 1 });
    expect(first.plan.rows.at(-1)).toMatchObject({ line: 14, outcome: 'refused', problems: { purpose: 'required' } });
    expect(await service.registerSystems()).toHaveLength(0);

    // The seventh system's write fails as unreachable storage does: the coordinator is told to try again.
    failCallAfter(tables.client('Systems'), 'submitTransaction', 6);
    await expect(service.apply(coordinator, first.session.id)).rejects.toBeInstanceOf(StorageUnavailableError);
    const half = await service.registerSystems();
    expect(half.length).toBeGreaterThan(0);
    expect(half.length).toBeLessThan(12);

    // Pressing "Importér" again finishes the same import: every system once, nothing twice.
    const retried = await service.apply(coordinator, first.session.id);
    expect(retried.session.status).toBe('applied');
    expect(retried.session.applied?.counts).toEqual({ create: 12, change: 0, unchanged: 0, refused: 1 });
    const all = await service.registerSystems();
    expect(all.map((system) => system.name).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `System ${i + 1}`).sort(),
    );
    expect(all.every((system) => system.ownerName === 'Lise Holm' && system.criticality?.category === 'critical')).toBe(
      true,
    );
    const history = await systems.history(all[0]?.id as string);
    expect(history).toEqual([expect.objectContaining({ action: 'imported', by: coordinator.userId, version: 1 })]);

    // The import is in the audit chain once, with who, the file's hash and the counts.
    const records = (await audit.read(IMPORTS)).filter((record) => record.subject === first.session.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      actor: coordinator.userId,
      action: 'systems.imported',
      details: { counts: { create: 12, refused: 1 }, rows: 13 },
    });
    expect(String(records[0]?.details.fileHash)).toMatch(/^[0-9a-f]{64}$/);

    // Applying again changes nothing; the same file uploaded again plans nothing but unchanged rows.
    await service.apply(coordinator, first.session.id);
    expect(await service.registerSystems()).toHaveLength(12);
    const again = await upload(bytes);
    expect(again.plan.counts).toEqual({ create: 0, change: 0, unchanged: 12, refused: 1 });
  });

  it("records the categories an interrupted import set when the retry finishes it (the systems' rows are unchanged by then)", async () => {
    const bytes = Buffer.from(
      [
        'Systemnavn;Formål;Leverandør;Systemejer;Kategori;Personoplysninger',
        'Afbrudt 1;Formål;Leverandør A/S;lise.holm@kommune.dk;Kritiske systemer;Nej',
        'Afbrudt 2;Formål;Leverandør A/S;lise.holm@kommune.dk;Kritiske systemer;Nej',
      ].join('\r\n'),
    );
    const first = await upload(bytes);
    const auditTable = tables.client('Audit');
    // The systems are stored; the decision records of their categories are not: the audit log fails meanwhile.
    refuseTransactionsContaining(auditTable, 'criticality.confirmed');
    await expect(service.apply(coordinator, first.session.id)).rejects.toThrow();
    delete (auditTable as unknown as Record<string, unknown>).submitTransaction;
    const stored = (await service.registerSystems()).filter((system) => system.name.startsWith('Afbrudt'));
    expect(stored).toHaveLength(2);

    await service.apply(coordinator, first.session.id);
    const decisions = (await audit.read(DECISIONS)).filter((event) => event.action === 'criticality.confirmed');
    expect(stored.map((system) => decisions.filter((event) => event.subject === system.id).length)).toEqual([1, 1]);
  });

  it('refuses anyone but the coordinator who uploaded, and an upload past its day', async () => {
    const first = await upload(file(1));
    const owner = { userId: lise.ownerId, name: 'Lise Holm', roles: new Set<Role>(['systemOwner']) };
    await expect(service.apply(owner, first.session.id)).rejects.toThrow('import systems');
    const other = { ...coordinator, userId: '33333333-3333-4333-8333-333333333333' };
    await expect(service.apply(other, first.session.id)).rejects.toThrow('import');
    const later = new RegisterImportService(
      systems,
      new TableImportSessionRepository(tables.client('Imports')),
      audit,
      { now: () => new Date('2026-12-08T09:00:01.000Z') },
    );
    await expect(later.apply(coordinator, first.session.id)).rejects.toThrow('import');
    expect(
      await new TableImportSessionRepository(tables.client('Imports')).sweepExpired(new Date('2026-12-09T00:00:00Z')),
    ).toBeGreaterThan(0);
  });
});
