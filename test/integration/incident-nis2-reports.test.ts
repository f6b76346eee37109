import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/errors';
import type { Role } from '../../src/features/access/roles';
import type { Incident } from '../../src/features/incidents/model';
import { dueReminders } from '../../src/features/incidents/reminders';
import { IncidentService, type IncidentActor } from '../../src/features/incidents/service';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { indexKey, OPEN } from '../../src/storage/incident-rows';
import { createTables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';
import { draft, entry } from '../support/incidents';

const HOUR = 3_600_000;

describe('NIS2 reports recorded as sent, in Table Storage (Azurite) (P3)', () => {
  // Reported (and aware) 28.11.2026 10:00 Danish time, as `draft` says.
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator: IncidentActor = {
    userId: randomUUID(),
    name: 'Mette Kjær',
    roles: new Set<Role>(['coordinator']),
  };
  let repo: TableIncidentRepository;
  let service: IncidentService;
  let index: ReturnType<ReturnType<typeof createTables>['client']>;
  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `n${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    index = tables.client('IncidentIndex');
    repo = new TableIncidentRepository(tables.client('Incidents'), index);
    service = new IncidentService(repo, clock);
  });
  afterAll(() => repo.settled());

  /** A NIS2 significant incident, as the coordinator marks it on the triage card. */
  async function significant(): Promise<Incident> {
    clock.set('2026-11-28T09:00:00Z');
    const { incident } = await repo.create(draft(randomUUID()), 2026, randomUUID(), entry);
    return service.triage(coordinator, incident.number, incident.version, { nis2Significant: true });
  }
  const openItem = async (number: string) => (await repo.listOpen()).find((item) => item.number === number);

  it('keeps who recorded which report as sent when, in the incident, its history and its open list row', async () => {
    const incident = await significant();
    clock.advance(21 * HOUR);
    const recorded = await service.recordNis2Sent(
      coordinator,
      incident.number,
      incident.version,
      'earlyWarning',
      new Date('2026-11-29T05:30:00Z'),
    );
    expect(recorded.nis2Reports?.earlyWarning).toEqual({
      sentAt: '2026-11-29T05:30:00.000Z',
      recordedBy: 'Mette Kjær',
      recordedAt: '2026-11-29T06:00:00.000Z',
    });
    expect((await repo.history(recorded.year, recorded.seq)).at(-1)).toMatchObject({
      at: '2026-11-29T06:00:00.000Z',
      by: coordinator.userId,
      byName: 'Mette Kjær',
      action: 'nis2EarlyWarningSent',
      changes: { nis2EarlyWarningSentAt: [null, '2026-11-29T05:30:00.000Z'] },
    });
    await repo.settled();
    const item = await openItem(incident.number);
    expect(item?.nis2SentAt).toEqual({ earlyWarning: '2026-11-29T05:30:00.000Z' });
    expect(dueReminders(item!, new Date('2026-12-01T04:00:00Z')).due.map((r) => r.kind)).toEqual(['nis2Notification']);
  });

  it('corrects a wrong time, keeping the earlier one in the history', async () => {
    const incident = await significant();
    clock.advance(30 * HOUR);
    const first = await service.recordNis2Sent(
      coordinator,
      incident.number,
      incident.version,
      'notification',
      new Date('2026-11-29T14:00:00Z'),
    );
    const corrected = await service.recordNis2Sent(
      coordinator,
      incident.number,
      first.version,
      'notification',
      new Date('2026-11-29T12:00:00Z'),
    );
    expect(corrected.nis2Reports?.notification?.sentAt).toBe('2026-11-29T12:00:00.000Z');
    expect((await repo.history(corrected.year, corrected.seq)).at(-1)?.changes).toEqual({
      nis2NotificationSentAt: ['2026-11-29T14:00:00.000Z', '2026-11-29T12:00:00.000Z'],
    });
  });

  it('refuses anyone without the coordinator role, in the service itself', async () => {
    const incident = await significant();
    const employee: IncidentActor = { userId: incident.reporterId, name: 'Sofie Jensen', roles: new Set<Role>() };
    await expect(
      service.recordNis2Sent(employee, incident.number, incident.version, 'earlyWarning', clock.now()),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await repo.get(incident.year, incident.seq))?.incident.version).toBe(incident.version);
  });

  it.each([
    ['in the future', 1, 'incidents.errors.nis2SentFuture'],
    // Awareness is the discovery, 28.11 08:00 UTC, an hour before the report.
    ['before awareness', -26, 'incidents.errors.nis2SentBeforeAwareness'],
  ])('refuses a sent time %s and stores nothing', async (_name, hoursFromNow, message) => {
    const incident = await significant();
    clock.advance(24 * HOUR);
    const sentAt = new Date(clock.now().getTime() + hoursFromNow * HOUR);
    const refused = service.recordNis2Sent(coordinator, incident.number, incident.version, 'earlyWarning', sentAt);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ fields: { form: message } });
    expect((await repo.get(incident.year, incident.seq))?.incident.nis2Reports).toBeUndefined();
  });

  it('never lets an outdated card overwrite a newer record', async () => {
    const incident = await significant();
    clock.advance(20 * HOUR);
    await service.recordNis2Sent(coordinator, incident.number, incident.version, 'earlyWarning', clock.now());
    await expect(
      service.recordNis2Sent(
        coordinator,
        incident.number,
        incident.version,
        'earlyWarning',
        new Date(clock.now().getTime() - HOUR),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get(incident.year, incident.seq))?.incident.nis2Reports?.earlyWarning?.sentAt).toBe(
      clock.now().toISOString(),
    );
  });

  it('reads an open list row from before reports were recorded as nothing sent', async () => {
    const incident = await significant();
    await repo.settled();
    const row = await index.getEntity<{ item: string }>(OPEN, indexKey(incident.year, incident.seq));
    const { nis2SentAt: _dropped, ...older } = JSON.parse(row.item);
    await index.updateEntity(
      { partitionKey: OPEN, rowKey: indexKey(incident.year, incident.seq), item: JSON.stringify(older) },
      'Merge',
      {
        etag: row.etag,
      },
    );
    const item = await openItem(incident.number);
    expect(item).not.toHaveProperty('nis2SentAt');
    expect(dueReminders(item!, new Date('2026-11-29T05:00:00Z')).due.map((r) => r.kind)).toEqual(['nis2EarlyWarning']);
  });
});
