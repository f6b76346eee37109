import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError } from '../../src/errors';
import type { Incident } from '../../src/features/incidents/model';
import { TableExportRepository } from '../../src/storage/export-repository';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { draft, entry } from '../support/incidents';

describe('incidents in Table Storage (Azurite)', () => {
  let tables: Tables;
  let repo: TableIncidentRepository;
  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `r${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    repo = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'));
  });

  it('reads an incident back by number, with its history', async () => {
    const reporter = randomUUID();
    const { incident } = await repo.create(draft(reporter), 2026, `${reporter}~a`, entry);
    const stored = await repo.get(incident.year, incident.seq);
    expect(stored?.incident).toEqual(incident);
    expect(await repo.history(incident.year, incident.seq)).toEqual([{ ...entry, version: 1 }]);
  });

  it('refuses an update made with a stale version token, keeping the newer change', async () => {
    const reporter = randomUUID();
    const { incident } = await repo.create(draft(reporter), 2026, `${reporter}~b`, entry);
    const { etag } = (await repo.get(incident.year, incident.seq))!;
    const change = (severity: Incident['severity']) => ({ ...incident, severity, version: 2 });
    await repo.update(change('high'), etag, { ...entry, version: 2, action: 'triaged' });
    await expect(repo.update(change('low'), etag, { ...entry, version: 2, action: 'triaged' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await repo.get(incident.year, incident.seq))?.incident.severity).toBe('high');
    expect(await repo.history(incident.year, incident.seq)).toHaveLength(2);
  });

  it('skips and removes a list hint left by a crash, and never lists another reporter’s incident', async () => {
    const reporter = randomUUID();
    const { incident } = await repo.create(draft(reporter), 2026, `${reporter}~c`, entry);
    // A hint for a number whose incident belongs to someone else (the crash case: hint written, transaction lost the race).
    const other = await repo.create(draft(randomUUID()), 2026, `x~${randomUUID()}`, entry);
    const index = tables.client('IncidentIndex');
    const hintKey = String(99_999_999_999 - (2026 * 10_000_000 + other.incident.seq)).padStart(11, '0');
    await index.upsertEntity({
      partitionKey: `reporter_${reporter}`,
      rowKey: hintKey,
      year: 2026,
      seq: other.incident.seq,
    });
    const listed = await repo.listByReporter(reporter, 20);
    expect(listed.map((item) => item.number)).toEqual([incident.number]);
    await repo.settled();
    await expect(index.getEntity(`reporter_${reporter}`, hintKey)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('drops a closed incident from the open list', async () => {
    const reporter = randomUUID();
    const { incident } = await repo.create(draft(reporter), 2026, `${reporter}~d`, entry);
    expect((await repo.listOpen(500)).map((item) => item.number)).toContain(incident.number);
    const { etag } = (await repo.get(incident.year, incident.seq))!;
    await repo.update({ ...incident, state: 'closed', version: 2 }, etag, { ...entry, version: 2, action: 'triaged' });
    expect((await repo.listOpen(500)).map((item) => item.number)).not.toContain(incident.number);
  });

  it('lets an export link be used once', async () => {
    const exports = new TableExportRepository(tables.client('Exports'));
    const token = randomBytes(24).toString('base64url');
    await exports.create({ token, userId: 'u', from: 'a', to: 'b', expiresAt: 'c' });
    const [first, second] = await Promise.all([exports.claim(token), exports.claim(token)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await exports.claim(token)).toBeUndefined();
    expect(await exports.claim('../../etc/passwd')).toBeUndefined();
  });
});
