import { systemClock } from '../../src/clock';
import { HOUSEKEEPING } from '../../src/platform/housekeeping/sweep-job';
import { RETENTION_RUN } from '../../src/features/retention/retention-job';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableJobRepository } from '../../src/storage/job-repository';
import { cardActions, cardTexts } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const FAR = new Date('2100-01-01T00:00:00Z');

/** The jobs of a kind waiting in the bot's Jobs table, by when they fall due. */
const pending = async (h: Harness, kind: string) =>
  (await new TableJobRepository(h.bot.tables.client('Jobs')).due(FAR, 500))
    .filter((job) => job.kind === kind)
    .map((job) => job.dueAt);
const retentionJobs = (h: Harness) => pending(h, RETENTION_RUN);

/** Reports an incident as Sofie and has the coordinator close it through the triage card. */
async function reportAndClose(h: Harness, coordinator: TestUser): Promise<string> {
  const reporter = newUser('Sofie Jensen');
  const number = numberOn(
    await submitReport(h.teams, reporter, {
      kind: 'general',
      personalData: 'no',
      personalDataKinds: '',
      discoveredDate: '2019-03-04',
      discoveredTime: '08:15',
      occurredDate: '2019-03-04',
      occurredTime: '07:40',
    }),
  );
  const view = await h.teams.act(coordinator, 'incident.refresh', { number }, { trigger: 'automatic' });
  const triage = cardActions(view.body?.value).find((action) => action.verb === 'incident.triage');
  const closed = await h.teams.act(coordinator, 'incident.triage', {
    ...triage?.data,
    state: 'closed',
    severity: 'low',
    comment: 'Sofie fandt computeren igen',
  });
  expect(closed.status).toBe(200);
  return number;
}

const coordinatorView = async (h: Harness, coordinator: TestUser, number: string) =>
  cardTexts((await h.teams.act(coordinator, 'incident.refresh', { number }, { trigger: 'automatic' })).body?.value);

describe('the bot anonymises what is past its retention every Monday night by itself (P11)', () => {
  // Monday 4 March 2019, 11:00 Danish time.
  const clock = new ManualClock(new Date('2019-03-04T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it('schedules the run for Monday 03:00 Danish time, runs it late once after downtime, records it and schedules the next', async () => {
    // Started on a Monday at 11:00: the first run is next Monday at 03:00 (CET, 02:00 UTC).
    expect(await retentionJobs(h)).toEqual(['2019-03-11T02:00:00.000Z']);
    // The nightly housekeeping (expired keys and download grants) is scheduled beside it: 04:00 CET.
    expect(await pending(h, HOUSEKEEPING)).toEqual(['2019-03-05T03:00:00.000Z']);
    const number = await reportAndClose(h, coordinator);
    expect(await coordinatorView(h, coordinator, number)).toContain('Sofie Jensen');

    // The next week's run finds nothing past five years.
    clock.set('2019-03-11T02:00:30Z');
    await h.bot.scheduler.tick();
    expect(await coordinatorView(h, coordinator, number)).toContain('Sofie Jensen');
    expect(await retentionJobs(h)).toEqual(['2019-03-18T02:00:00.000Z']);

    // Years pass with the bot stopped: on Sunday 29 November 2026 the overdue run happens once.
    clock.set('2026-11-29T12:00:00Z');
    await h.bot.scheduler.tick();
    const texts = await coordinatorView(h, coordinator, number);
    expect(texts.join('\n')).not.toMatch(/Sofie|Bærbar computer|fandt computeren/);
    expect(texts).toContain(`${number} · Lukket`);

    // Each run is in the audit log with its counts only; the late one anonymised the incident.
    const runs = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('retention');
    expect(runs.map((record) => [record.action, record.details.incidents, record.details.ranAt])).toEqual([
      ['retention.anonymised', 0, '2019-03-11T02:00:30.000Z'],
      ['retention.anonymised', 1, '2026-11-29T12:00:00.000Z'],
    ]);
    expect(JSON.stringify(runs)).not.toContain(number);
    // Then the next Monday, not a burst of the missed ones: 30 November 2026 03:00 CET.
    expect(await retentionJobs(h)).toEqual(['2026-11-30T02:00:00.000Z']);
    expect(h.logs.join('')).not.toContain('Sofie');
  });
});

describe('with RETENTION_AUTOMATIC=false the bot leaves retention to `npm run retention`', () => {
  const clock = new ManualClock(new Date('2019-03-04T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock, env: { RETENTION_AUTOMATIC: 'false' } });
    await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it('schedules no run and anonymises nothing', async () => {
    expect(await retentionJobs(h)).toEqual([]);
    const number = await reportAndClose(h, coordinator);
    clock.set('2026-11-29T12:00:00Z');
    await h.bot.scheduler.tick();
    expect(await coordinatorView(h, coordinator, number)).toContain('Sofie Jensen');
    expect(await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('retention')).toEqual([]);
  });
});
