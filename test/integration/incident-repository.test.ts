import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError } from '../../src/errors';
import type { Incident } from '../../src/features/incidents/model';
import { TableExportRepository } from '../../src/storage/export-repository';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { incidentReporterLists } from '../../src/storage/migrations/incident-reporter-lists';
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
    // The first layout's migration (at start) moves what belongs and removes the rest.
    await incidentReporterLists(index, async (year, seq) => (await repo.get(year, seq))?.incident).run();
    const listed = await repo.listByReporter(reporter, 20);
    expect(listed.map((item) => item.number)).toEqual([incident.number]);
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

/**
 * The incident as a card shows it (the channel card's automatic refresh): kept per instance for
 * 15 s, forgotten at once when this instance changes it, and never kept when it was not found.
 */
describe('incident views kept for display (Azurite)', () => {
  let time = 0;
  let one: TableIncidentRepository;
  let other: TableIncidentRepository;
  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `v${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    const instance = () =>
      new TableIncidentRepository(
        tables.client('Incidents'),
        tables.client('IncidentIndex'),
        undefined,
        undefined,
        () => time,
      );
    [one, other] = [instance(), instance()];
  });

  const triage = async (repo: TableIncidentRepository, incident: Incident, severity: Incident['severity']) => {
    const stored = (await repo.get(incident.year, incident.seq))!;
    const version = stored.incident.version + 1;
    await repo.update({ ...stored.incident, severity, version }, stored.etag, { ...entry, version, action: 'triaged' });
  };

  it('shows a change made through the same instance at once, with its history', async () => {
    const { incident } = await one.create(draft(randomUUID()), 2026, `v~${randomUUID()}`, entry);
    expect((await one.view(2026, incident.seq))?.history).toHaveLength(1);
    await triage(one, incident, 'high');
    const view = await one.view(2026, incident.seq);
    expect(view?.incident.severity).toBe('high');
    expect(view?.history.map((item) => item.action)).toEqual(['reported', 'triaged']);
  });

  it('shows a change made through another instance once 15 s have passed', async () => {
    const { incident } = await one.create(draft(randomUUID()), 2026, `v~${randomUUID()}`, entry);
    await triage(one, incident, 'low');
    expect((await other.view(2026, incident.seq))?.incident.severity).toBe('low');
    await triage(one, incident, 'critical');
    time += 14_999;
    expect((await other.view(2026, incident.seq))?.incident.severity).toBe('low');
    time += 2;
    const view = await other.view(2026, incident.seq);
    expect(view?.incident.severity).toBe('critical');
    expect(view?.history).toHaveLength(3);
  });

  it('does not remember that an incident was not found', async () => {
    const { incident } = await one.create(draft(randomUUID()), 2026, `v~${randomUUID()}`, entry);
    expect(await other.view(2026, incident.seq + 1)).toBeUndefined();
    const next = await one.create(draft(randomUUID()), 2026, `v~${randomUUID()}`, entry);
    expect(next.incident.seq).toBe(incident.seq + 1);
    expect((await other.view(2026, next.incident.seq))?.incident.number).toBe(next.incident.number);
  });

  it('hands out copies, so a caller cannot change what others are shown', async () => {
    const { incident } = await one.create(draft(randomUUID()), 2026, `v~${randomUUID()}`, entry);
    (await one.view(2026, incident.seq))!.incident.title = 'Ændret af en anden';
    expect((await one.view(2026, incident.seq))?.incident.title).toBe(incident.title);
  });
});
