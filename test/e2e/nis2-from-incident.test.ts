import { da } from '../../src/i18n/catalogs';
import { t } from '../../src/i18n';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { readDocx } from '../support/docx';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const b = da.breachRecord;
const steps = da.incidents.triage.nis2Steps;

/**
 * A significant incident under NIS2 that is no personal-data breach (#16): the coordinator reaches
 * the NIS2 card (deadlines, intermediate and progress reports, the record as a document) from the
 * incident's own card; and a progress report sent while the incident is ongoing moves the final
 * report to one month after the incident is handled (NIS2 art. 23(4)(e)) — on the cards, in the
 * reminders and in the document.
 */
describe('NIS2 from the incident itself, and the final report after a progress report (P3)', () => {
  // Reported and discovered 02.11.2026 10:00 Danish time.
  const clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    channel = await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  const press = (user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown> = {}) =>
    h.teams.pressOn(user, card, verb, inputs);
  const view = async (number: string) => (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
  const finalReminders = (number: string) =>
    h.connector
      .sentTo(channel)
      .map(cardOf)
      .filter((card) => cardTexts(card).includes(t('da', 'incidents.reminder.headings.nis2FinalReport', { number })));
  /** The line under a step's title on a card: its deadline, then its status. */
  const after = (card: unknown, title: string) => {
    const texts = cardTexts(card);
    const at = texts.indexOf(title);
    return [texts[at + 1], texts[at + 2]];
  };

  /** A general incident (no personal data), marked NIS2 significant, with the early warning and notification sent in time. */
  async function significant(): Promise<string> {
    clock.set('2026-11-02T09:00:00Z');
    const number = numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        kind: 'general',
        personalData: 'no',
        personalDataKinds: '',
        discoveredDate: '2026-11-02',
        discoveredTime: '10:00',
        occurredDate: '',
        occurredTime: '',
      }),
    );
    await press(coordinator, await view(number), 'incident.triage', { nis2Significant: 'true' });
    clock.set('2026-11-04T09:30:00Z');
    for (const [step, ids, date] of [
      ['earlyWarning', 'nis2EarlyWarning', '2026-11-02'],
      ['notification', 'nis2Notification', '2026-11-04'],
    ] as const) {
      const card = await view(number);
      const action = cardActions(card).find((a) => a.verb === 'incident.nis2.sent' && a.data.step === step);
      await h.teams.act(coordinator, 'incident.nis2.sent', {
        ...action?.data,
        [`${ids}Date`]: date,
        [`${ids}Time`]: '10:00',
      });
    }
    return number;
  }

  it('opens the NIS2 card from the incident’s own card: the deadlines, the reports and the record', async () => {
    const number = await significant();
    const triage = await view(number);
    expect(cardActions(triage).some((a) => a.verb === 'incident.breach.assess')).toBe(false);
    const nis2 = await press(coordinator, triage, 'incident.nis2.updates');
    const texts = cardTexts(nis2);
    expect(texts).toEqual(expect.arrayContaining([da.nis2Updates.deadlinesHeading, da.nis2Updates.none]));
    expect(after(nis2, steps.notification)).toEqual([
      'Frist: 05.11.2026 kl. 10:00',
      'Sendt 04.11.2026 kl. 10:00 – fristen er overholdt (registreret af Mette Kjær)',
    ]);
    expect(after(nis2, steps.finalReport)[0]).toBe('Frist: 04.12.2026 kl. 10:00');

    // The record as a Word document, though no personal-data breach.
    const ready = await press(coordinator, nis2, 'incident.breach.record');
    expect(cardTexts(ready)).toContain(`Dokumentation af hændelsen – ${number}`);
    const link = JSON.stringify(ready).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    const response = await fetch(link ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`haendelse-HAEN-${number.slice(4)}.docx`);
    const doc = readDocx(Buffer.from(await response.arrayBuffer()));
    expect(doc.title).toBe(`Dokumentation af NIS2-hændelsen – ${number}`);
    expect(doc.paragraphs).toEqual(expect.arrayContaining([b.sections.nis2]));
    // The GDPR sections do not apply to an incident that is no breach.
    expect(doc.paragraphs).not.toContain(b.sections.deadline);
    expect(doc.rows.find((row) => row[0] === steps.notification)?.slice(1, 4)).toEqual([
      '05.11.2026 kl. 10:00',
      '04.11.2026 kl. 10:00',
      b.nis2InTime,
    ]);
  });

  it('moves the final report to a month after handling once a progress report is sent: cards, reminders and document', async () => {
    const number = await significant();
    // 01.12, three days before the final report's month from the notification runs out: reminded.
    clock.set('2026-12-01T09:10:00Z');
    await h.bot.scheduler.tick();
    expect(finalReminders(number).map((card) => cardTexts(card))).toEqual([
      expect.arrayContaining(['Frist: 04.12.2026 kl. 10:00']),
    ]);
    // 03.12: the final report falls due tomorrow and the incident is still ongoing — a statusrapport is sent.
    clock.set('2026-12-03T09:30:00Z');
    const nis2 = await press(coordinator, await view(number), 'incident.nis2.updates');
    const saved = await press(coordinator, nis2, 'incident.nis2.update', {
      updateKind: 'progress',
      updateSentDate: '2026-12-03',
      updateSentTime: '10:00',
      updateNote: 'Angrebet er begrænset; gendannelsen pågår.',
    });
    expect(cardTexts(saved)).toContain(da.nis2Updates.saved);
    const ongoing = [t('da', 'nis2Final.afterHandling', { progress: '03.12.2026 kl. 10:00' }), da.nis2Final.ongoing];
    expect(after(saved, steps.finalReport)).toEqual(ongoing);
    expect(after(await view(number), steps.finalReport)).toEqual(ongoing);

    // At and weeks past the month counted from the notification: no reminder at the deadline, none overdue.
    for (const at of ['2026-12-04T09:10:00Z', '2026-12-20T09:10:00Z']) {
      clock.set(at);
      await h.bot.scheduler.tick();
    }
    expect(finalReminders(number)).toHaveLength(1);

    // Resolved 20.01.2027 15:00: the final report is due 20.02.2027 15:00, reminded three days before.
    clock.set('2027-01-20T14:00:00Z');
    const resolved = await press(coordinator, await view(number), 'incident.triage', { state: 'resolved' });
    expect(after(resolved, steps.finalReport)).toEqual([
      t('da', 'nis2Final.moved', { deadline: '20.02.2027 kl. 15:00', handled: '20.01.2027 kl. 15:00' }),
      'Ikke sendt – 31 dage tilbage',
    ]);
    for (const at of ['2027-02-17T13:50:00Z', '2027-02-17T14:10:00Z']) {
      clock.set(at);
      await h.bot.scheduler.tick();
    }
    const reminders = finalReminders(number);
    expect(reminders).toHaveLength(2);
    expect(cardTexts(reminders[1])).toContain('Frist: 20.02.2027 kl. 15:00');

    // The document says when the incident was handled and the final report's deadline from then.
    const ready = await press(
      coordinator,
      await press(coordinator, await view(number), 'incident.nis2.updates'),
      'incident.breach.record',
    );
    const link = JSON.stringify(ready).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    const doc = readDocx(Buffer.from(await (await fetch(link ?? '')).arrayBuffer()));
    expect(doc.rows.find((row) => row[0] === da.nis2Final.handled)?.[1]).toBe('20.01.2027 kl. 15:00');
    expect(doc.rows.find((row) => row[0] === steps.finalReport)?.slice(1, 3)).toEqual([
      '20.02.2027 kl. 15:00',
      b.nis2NotSent,
    ]);
  });

  it('takes no progress report once the incident is handled: the final report is then due as counted', async () => {
    const number = await significant();
    clock.set('2026-11-20T09:00:00Z');
    await press(coordinator, await view(number), 'incident.triage', { state: 'resolved' });
    const nis2 = await press(coordinator, await view(number), 'incident.nis2.updates');
    const refused = await press(coordinator, nis2, 'incident.nis2.update', {
      updateKind: 'progress',
      updateSentDate: '2026-11-20',
      updateSentTime: '09:00',
    });
    expect(cardTexts(refused)).toContain(da.nis2Updates.errorNotOngoing);
    expect(after(refused, steps.finalReport)[0]).toBe('Frist: 04.12.2026 kl. 10:00');
  });
});
