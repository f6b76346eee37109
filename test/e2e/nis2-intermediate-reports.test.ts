import { da } from '../../src/i18n/catalogs';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import type { HistoryEntry } from '../../src/features/incidents/model';
import { cardTexts, inputOn } from '../support/cards';
import { readDocx } from '../support/docx';
import { storedIncident } from '../support/fault-records';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const u = da.nis2Updates;

/**
 * NIS2 art. 23(4)(c) and (e) (#16 item 10): the intermediate report (*foreløbig rapport*) the
 * authority asks for and the progress report (*statusrapport*) while the incident is ongoing, each
 * recorded with its times — on their own card (from "Tekst til Datatilsynet"), in the history,
 * the auditors' CSV and the breach record document.
 */
describe('NIS2 intermediate and progress reports (P3)', () => {
  const clock = new ManualClock(new Date('2026-12-01T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let repo: TableIncidentRepository;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    repo = new TableIncidentRepository(h.bot.tables.client('Incidents'), h.bot.tables.client('IncidentIndex'));
  });
  afterAll(() => h.close());

  const act = (user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown> = {}) =>
    h.teams.pressOn(user, card, verb, inputs);
  const view = async (number: string) => (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
  const history = async (number: string): Promise<HistoryEntry[]> =>
    repo.history(Number(number.slice(4, 8)), Number(number.slice(9)));

  /** A personal-data breach discovered 01.12 10:00 Danish time, marked NIS2 significant; its number. */
  async function significantBreach(): Promise<string> {
    clock.set('2026-12-01T09:00:00Z');
    const number = numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        discoveredDate: '2026-12-01',
        discoveredTime: '10:00',
        occurredDate: '',
        occurredTime: '',
      }),
    );
    await act(coordinator, await view(number), 'incident.triage', { nis2Significant: 'true' });
    return number;
  }

  it('records an intermediate report on request and a progress report, with their times, in the history, CSV and document', async () => {
    const number = await significantBreach();
    clock.set('2026-12-05T12:00:00Z');
    const card = await act(
      coordinator,
      await act(coordinator, await view(number), 'incident.breach.form'),
      'incident.nis2.updates',
    );
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([`NIS2: foreløbige rapporter og statusrapporter – ${number}`, u.none]),
    );

    // An intermediate report without the time the authority asked: refused at the field, values kept.
    const typed = {
      updateKind: 'interim',
      updateRequestedDate: '2026-12-03',
      updateRequestedTime: '',
      updateSentDate: '2026-12-04',
      updateSentTime: '09:00',
      updateNote: 'Status på gendannelsen af fagsystemet',
    };
    const noRequest = await act(coordinator, card, 'incident.nis2.update', typed);
    expect(cardTexts(noRequest)).toContain(u.errorRequested);
    expect(inputOn(noRequest, 'updateNote')?.value).toBe('Status på gendannelsen af fagsystemet');
    expect(inputOn(noRequest, 'updateSentTime')?.value).toBe('09:00');
    const future = await act(coordinator, noRequest, 'incident.nis2.update', {
      ...typed,
      updateRequestedTime: '10:00',
      updateSentDate: '2026-12-06',
    });
    expect(cardTexts(future)).toContain(da.incidents.errors.future);
    expect((await storedIncident(h, number))?.nis2Updates).toBeUndefined();

    const interim = await act(coordinator, future, 'incident.nis2.update', { ...typed, updateRequestedTime: '10:00' });
    expect(cardTexts(interim)).toEqual(
      expect.arrayContaining([
        u.saved,
        'Foreløbig rapport (efter anmodning): anmodet 03.12.2026 kl. 10:00, sendt 04.12.2026 kl. 09:00 (registreret af Mette Kjær)',
      ]),
    );
    const progress = await act(coordinator, interim, 'incident.nis2.update', {
      updateKind: 'progress',
      updateRequestedDate: '',
      updateRequestedTime: '',
      updateSentDate: '2026-12-05',
      updateSentTime: '12:30',
      updateNote: '',
    });
    expect(cardTexts(progress)).toContain(
      'Statusrapport (hændelsen står stadig på): sendt 05.12.2026 kl. 12:30 (registreret af Mette Kjær)',
    );
    const stored = await storedIncident(h, number);
    expect(stored?.nis2Updates).toEqual([
      {
        kind: 'interim',
        requestedAt: '2026-12-03T09:00:00.000Z',
        sentAt: '2026-12-04T08:00:00.000Z',
        note: 'Status på gendannelsen af fagsystemet',
        recordedBy: 'Mette Kjær',
        recordedAt: '2026-12-05T12:00:00.000Z',
      },
      {
        kind: 'progress',
        sentAt: '2026-12-05T11:30:00.000Z',
        recordedBy: 'Mette Kjær',
        recordedAt: '2026-12-05T12:00:00.000Z',
      },
    ]);
    // The history: who recorded which report, asked for and sent when.
    const entries = (await history(number)).filter((entry) => entry.action === 'nis2UpdateSent');
    expect(entries.map((entry) => entry.changes)).toEqual([
      {
        nis2UpdateKind: [null, 'interim'],
        nis2UpdateRequestedAt: [null, '2026-12-03T09:00:00.000Z'],
        nis2UpdateSentAt: [null, '2026-12-04T08:00:00.000Z'],
        nis2UpdateNote: [null, 'Status på gendannelsen af fagsystemet'],
      },
      { nis2UpdateKind: [null, 'progress'], nis2UpdateSentAt: [null, '2026-12-05T11:30:00.000Z'] },
    ]);
    const triage = cardTexts(await view(number)).join('\n');
    expect(triage).toContain(`05.12.2026 kl. 13:00 · Mette Kjær · ${u.action}`);
    expect(triage).toContain(
      'NIS2-rapport: – → Foreløbig rapport (efter anmodning); anmodet af myndigheden: – → 03.12.2026 kl. 10:00; sendt: – → 04.12.2026 kl. 09:00; note (NIS2-rapport) ændret',
    );

    // The auditors' CSV.
    const exportCard = (await h.teams.act(coordinator, 'incident.export')).body?.value;
    const created = await act(coordinator, exportCard, 'incident.export', {
      from: '2026-12-01',
      to: '2026-12-31',
      create: true,
    });
    const csvLink = JSON.stringify(created).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    const csv = await (await fetch(csvLink as string)).text();
    expect(csv.split('\r\n')[0]).toContain(';NIS2 foreløbige rapporter og statusrapporter;Historik');
    expect(csv.split('\r\n').find((line) => line.startsWith(number))).toContain(
      'Foreløbig rapport (efter anmodning): anmodet 03.12.2026 kl. 10:00, sendt 04.12.2026 kl. 09:00 (registreret af Mette Kjær) – Status på gendannelsen af fagsystemet | Statusrapport (hændelsen står stadig på): sendt 05.12.2026 kl. 12:30 (registreret af Mette Kjær)',
    );

    // The breach record document.
    const form = await act(coordinator, await view(number), 'incident.breach.form');
    const link = JSON.stringify(await act(coordinator, form, 'incident.breach.record')).match(
      /http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/,
    )?.[0];
    const doc = readDocx(Buffer.from(await (await fetch(link as string)).arrayBuffer()));
    expect(doc.paragraphs).toContain(da.breachRecord.nis2UpdatesTitle);
    expect(doc.rows).toContainEqual([
      u.kinds.interim,
      '03.12.2026 kl. 10:00',
      '04.12.2026 kl. 09:00',
      'Status på gendannelsen af fagsystemet',
      'Mette Kjær, 05.12.2026 kl. 13:00',
    ]);
    expect(doc.rows).toContainEqual([
      u.kinds.progress,
      '',
      '05.12.2026 kl. 12:30',
      '',
      'Mette Kjær, 05.12.2026 kl. 13:00',
    ]);
  });

  it('takes a progress report only while the incident is ongoing, and refuses everyone but the coordinator', async () => {
    const number = await significantBreach();
    clock.set('2026-12-05T12:00:00Z');
    const progress = {
      updateKind: 'progress',
      updateRequestedDate: '',
      updateRequestedTime: '',
      updateSentDate: '2026-12-05',
      updateSentTime: '12:30',
      updateNote: '',
    };
    const employee = newUser('Lars Holm');
    for (const verb of ['incident.nis2.updates', 'incident.nis2.update']) {
      const refused = await h.teams.act(employee, verb, { number, version: 2, ...progress });
      expect(refused.body?.value).toBe(da.common.errorForbidden);
    }
    // Marked not an incident (with its reason): closed, so no progress report is due any more.
    await act(coordinator, await view(number), 'incident.triage', {
      state: 'notAnIncident',
      isBreach: 'false',
      comment: 'Fejlalarm fra overvågningen',
    });
    const card = (await h.teams.act(coordinator, 'incident.nis2.updates', { number })).body?.value;
    const refused = await act(coordinator, card, 'incident.nis2.update', progress);
    expect(cardTexts(refused)).toContain(u.errorNotOngoing);
    expect((await storedIncident(h, number))?.nis2Updates).toBeUndefined();
  });
});
