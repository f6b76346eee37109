import { da } from '../../src/i18n/catalogs';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { systemClock } from '../../src/clock';
import type { HistoryEntry } from '../../src/features/incidents/model';
import { cardTexts, inputOn } from '../support/cards';
import { readDocx } from '../support/docx';
import { storedIncident } from '../support/fault-records';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const c = da.supplementCorrection;
const f = da.incidents.notificationForm;

/**
 * A supplementary notification recorded wrongly is corrected by a new entry that names it, with
 * who, when and why — never an overwrite (#16, P3 art. 33(4), P10): the original stays on the
 * record, in the history, the audit chain, the text for Datatilsynet and the auditor's document.
 */
describe('correcting a supplementary notification keeps the original (P3, P10)', () => {
  const clock = new ManualClock(new Date('2026-03-27T10:00:00Z'));
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
  /** The breach decision card as the coordinator reaches it: the incident, then its breach button. */
  const decisionCard = async (number: string) => act(coordinator, await view(number), 'incident.breach.assess');
  const details = async (number: string) =>
    act(coordinator, await act(coordinator, await view(number), 'incident.breach.form'), 'incident.breach.details');
  const history = async (number: string): Promise<HistoryEntry[]> =>
    repo.history(Number(number.slice(4, 8)), Number(number.slice(9)));

  it('records the correction beside the original, with who, when and why, and refuses one without a reason', async () => {
    clock.set('2026-03-27T10:00:00Z');
    const number = numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        discoveredDate: '2026-03-27',
        discoveredTime: '10:30',
        occurredDate: '',
        occurredTime: '',
      }),
    );
    clock.set('2026-03-27T14:00:00Z');
    await act(coordinator, await decisionCard(number), 'incident.breach.decision', {
      decision: 'notify',
      justification: 'CPR-numre på 40 borgere i en mail til forkert modtager',
      consequences: 'Risiko for identitetstyveri',
      notifiedDate: '2026-03-27',
      notifiedTime: '14:00',
      reference: '2026-431-0077',
      subjectsChoice: 'undecided',
    });
    clock.set('2026-03-28T12:00:00Z');
    const first = await act(coordinator, await details(number), 'incident.breach.supplement', {
      supplementDate: '2026-03-28',
      supplementTime: '10:00',
      supplementReference: '2026-431-0077-2',
      supplementNote: 'Antal berørte opdateret til 45',
    });
    expect(cardTexts(first)).toContain(da.incidents.breachDetails.supplementSaved);
    // The card offers to correct it: which one, and why.
    expect(inputOn(first, 'supplementCorrects')?.choices).toEqual([
      { title: 'Nr. 1: 28.03.2026 kl. 10:00', value: '1' },
    ]);

    const typed = {
      supplementDate: '2026-03-28',
      supplementTime: '09:30',
      supplementReference: '2026-431-0077-2',
      supplementNote: 'Antal berørte opdateret til 54',
    };
    // No reason, or no choice: refused at the field, everything typed kept, nothing stored.
    const noReason = await act(coordinator, first, 'incident.breach.supplement.correct', {
      ...typed,
      supplementCorrects: '1',
      supplementReason: '',
    });
    expect(cardTexts(noReason)).toContain(c.errorReason);
    expect(inputOn(noReason, 'supplementNote')?.value).toBe('Antal berørte opdateret til 54');
    expect(inputOn(noReason, 'supplementCorrects')?.value).toBe('1');
    const noChoice = await act(coordinator, noReason, 'incident.breach.supplement.correct', {
      ...typed,
      supplementCorrects: '',
      supplementReason: 'Tastefejl i antallet',
    });
    expect(cardTexts(noChoice)).toContain(c.errorCorrects);
    const unknown = await act(coordinator, noChoice, 'incident.breach.supplement.correct', {
      ...typed,
      supplementCorrects: '7',
      supplementReason: 'Tastefejl i antallet',
    });
    expect(cardTexts(unknown)).toContain(c.errorCorrects);
    const same = await act(coordinator, unknown, 'incident.breach.supplement.correct', {
      supplementDate: '2026-03-28',
      supplementTime: '10:00',
      supplementReference: '2026-431-0077-2',
      supplementNote: 'Antal berørte opdateret til 45',
      supplementCorrects: '1',
      supplementReason: 'Ingen ændring',
    });
    expect(cardTexts(same)).toContain(da.incidents.errors.nothingChanged);
    expect((await storedIncident(h, number))?.supplements).toHaveLength(1);

    clock.set('2026-03-28T13:00:00Z');
    const corrected = await act(coordinator, same, 'incident.breach.supplement.correct', {
      ...typed,
      supplementCorrects: '1',
      supplementReason: 'Tastefejl i antallet',
    });
    expect(cardTexts(corrected)).toEqual(
      expect.arrayContaining([
        c.saved,
        'Supplerende anmeldelse 1: 28.03.2026 kl. 10:00 (registreret af Mette Kjær)  (rettet ved nr. 2) ',
        'Supplerende anmeldelse 2 – rettelse af nr. 1: 28.03.2026 kl. 09:30 (registreret af Mette Kjær) ',
        '2026-431-0077-2 – Antal berørte opdateret til 54 – Begrundelse: Tastefejl i antallet',
      ]),
    );

    // The original stays as recorded; the correction is a new entry naming it.
    const stored = await storedIncident(h, number);
    expect(stored?.supplements).toEqual([
      {
        sentAt: '2026-03-28T09:00:00.000Z',
        reference: '2026-431-0077-2',
        note: 'Antal berørte opdateret til 45',
        recordedBy: 'Mette Kjær',
        recordedAt: '2026-03-28T12:00:00.000Z',
      },
      {
        sentAt: '2026-03-28T08:30:00.000Z',
        reference: '2026-431-0077-2',
        note: 'Antal berørte opdateret til 54',
        corrects: 1,
        reason: 'Tastefejl i antallet',
        recordedBy: 'Mette Kjær',
        recordedAt: '2026-03-28T13:00:00.000Z',
      },
    ]);
    // The history: who, when, what changed from what, and why.
    expect((await history(number)).at(-1)).toMatchObject({
      action: 'breachSupplementCorrected',
      byName: 'Mette Kjær',
      at: '2026-03-28T13:00:00.000Z',
      comment: 'Tastefejl i antallet',
      changes: {
        breachSupplementCorrects: [null, 1],
        breachSupplementAt: ['2026-03-28T09:00:00.000Z', '2026-03-28T08:30:00.000Z'],
        breachSupplementNote: ['Antal berørte opdateret til 45', 'Antal berørte opdateret til 54'],
      },
    });
    const triage = cardTexts(await view(number)).join('\n');
    expect(triage).toContain(da.supplementCorrection.action);
    // The audit chain has a record of the correction (a change to the breach record, at its version).
    const audit = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('decisions');
    const ofIncident = audit.filter((record) => record.subject === number);
    expect(ofIncident.at(-1)?.details).toMatchObject({ version: stored?.version });
    expect(ofIncident.at(-1)?.actorName).toBe('Mette Kjær');

    // The text for Datatilsynet gives the notifications as they stand: the correction, not the original.
    const form = cardTexts(await act(coordinator, await view(number), 'incident.breach.form'));
    expect(form[form.indexOf(f.phases) + 1]).toBe(
      '28.03.2026 kl. 09:30 – 2026-431-0077-2 – Antal berørte opdateret til 54',
    );

    // The auditor's document has both, the original marked as corrected.
    const link = JSON.stringify(
      await act(
        coordinator,
        await act(coordinator, await view(number), 'incident.breach.form'),
        'incident.breach.record',
      ),
    ).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    const doc = readDocx(Buffer.from(await (await fetch(link as string)).arrayBuffer()));
    expect(doc.rows).toContainEqual([
      '2',
      `${da.breachRecord.supplement}\nrettet ved nr. 3`,
      '28.03.2026 kl. 10:00',
      '2026-431-0077-2',
      'Antal berørte opdateret til 45',
      'Mette Kjær, 28.03.2026 kl. 13:00',
    ]);
    expect(doc.rows).toContainEqual([
      '3',
      `${da.breachRecord.supplement} – retter nr. 2`,
      '28.03.2026 kl. 09:30',
      '2026-431-0077-2',
      'Antal berørte opdateret til 54\nBegrundelse: Tastefejl i antallet',
      'Mette Kjær, 28.03.2026 kl. 14:00',
    ]);

    // The auditors' CSV: both entries, the correction with its reason, the original marked.
    const exportCard = (await h.teams.act(coordinator, 'incident.export')).body?.value;
    const created = await act(coordinator, exportCard, 'incident.export', {
      from: '2026-03-01',
      to: '2026-03-31',
      create: true,
    });
    const csvLink = JSON.stringify(created).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    const row = (await (await fetch(csvLink as string)).text()).split('\r\n').find((line) => line.startsWith(number));
    expect(row).toContain(
      '2026-03-28 10:00 – 2026-431-0077-2 – Antal berørte opdateret til 45 – (rettet ved nr. 2) | 2026-03-28 09:30 – 2026-431-0077-2 – Antal berørte opdateret til 54 – Supplerende anmeldelse 2 – rettelse af nr. 1',
    );
    expect(row).toContain('Tastefejl i antallet');

    // Only a coordinator corrects.
    const employee = newUser('Lars Holm');
    const refused = await h.teams.act(employee, 'incident.breach.supplement.correct', {
      number,
      version: stored?.version,
      ...typed,
      supplementCorrects: '1',
      supplementReason: 'x',
    });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
    expect((await storedIncident(h, number))?.supplements).toHaveLength(2);
  });
});
