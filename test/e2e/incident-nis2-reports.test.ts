import { da, en } from '../../src/i18n/catalogs';
import { t } from '../../src/i18n';
import { cardActions, cardOf, cardTexts, inputOn } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';
import { toLocalInputs } from '../../src/features/incidents/deadlines';

const HOUR = 3_600_000;

describe('the coordinator records the NIS2 reports as they are sent (P3)', () => {
  // Reported 28.11.2026 10:00 Danish time: early warning due 29.11 10:00, notification 01.12 10:00.
  const start = '2026-11-28T09:00:00Z';
  const clock = new ManualClock(new Date(start));
  const coordinator = newUser('Mette Kjær');
  const englishCoordinator = newUser('Emma Hall', 'en-US');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator, englishCoordinator], clock });
    channel = await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  const view = async (user: TestUser, number: string) =>
    (await h.teams.act(user, 'incident.refresh', { number }, { trigger: 'automatic' })).body?.value;

  /** A general incident, reported now and marked NIS2 significant by the coordinator; its triage card. */
  async function significant(at = start) {
    clock.set(at);
    const number = numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        kind: 'general',
        personalData: 'no',
        personalDataKinds: '',
        // Discovered as it was reported: the NIS2 clocks start at the report.
        discoveredDate: toLocalInputs(new Date(at)).date,
        discoveredTime: toLocalInputs(new Date(at)).time,
        occurredDate: '',
        occurredTime: '',
      }),
    );
    const triage = cardActions(await view(coordinator, number)).find((a) => a.verb === 'incident.triage');
    const marked = await h.teams.act(coordinator, 'incident.triage', { ...triage?.data, nis2Significant: 'true' });
    return { number, card: marked.body?.value };
  }

  /** Presses a step's button on a card with the date and time typed into its inputs. */
  const recordSent = (user: TestUser, card: unknown, step: string, date: string, time: string, ids: string) => {
    const action = cardActions(card).find((a) => a.verb === 'incident.nis2.sent' && a.data.step === step);
    if (!action) throw new Error(`no ${step} button on the card`);
    return h.teams.act(user, 'incident.nis2.sent', { ...action.data, [`${ids}Date`]: date, [`${ids}Time`]: time });
  };

  const remindersFor = (number: string, kind: 'nis2EarlyWarning' | 'nis2Notification') =>
    h.connector.calls
      .filter((call) => call.conversationId === channel && call.method === 'POST')
      .map((call) => cardOf(call.activity))
      .filter((card) => cardTexts(card).includes(t('da', `incidents.reminder.headings.${kind}`, { number })));

  it('stops the early-warning reminder once it is recorded as sent; the notification reminder still comes', async () => {
    const { number, card } = await significant();
    clock.advance(18 * HOUR); // 29.11 04:00 Danish time
    const saved = await recordSent(coordinator, card, 'earlyWarning', '2026-11-29', '03:30', 'nis2EarlyWarning');
    expect(cardTexts(saved.body?.value)).toContain(da.incidents.triage.saved);

    clock.advance(2 * HOUR + 60_000); // past the early warning's reminder, 4 hours before its deadline
    await h.bot.scheduler.tick();
    clock.advance(46 * HOUR); // past the notification's reminder, 6 hours before its deadline
    await h.bot.scheduler.tick();
    expect(remindersFor(number, 'nis2EarlyWarning')).toHaveLength(0);
    const [notification] = remindersFor(number, 'nis2Notification');
    expect(cardTexts(notification)).toContain('Frist: 01.12.2026 kl. 10:00');
  });

  it('withdraws a report recorded as sent by mistake: the step is open again, its reminder comes, the history keeps both', async () => {
    // Later than the other tests' clocks, so the scheduler's jobs (which only move forward) are due.
    const { number, card } = await significant('2026-12-07T09:00:00Z');
    clock.advance(18 * HOUR); // 08.12 04:00 Danish time
    const saved = await recordSent(coordinator, card, 'earlyWarning', '2026-12-08', '03:30', 'nis2EarlyWarning');
    const recorded = saved.body?.value;
    // Only a recorded step can be withdrawn.
    const withdraw = cardActions(recorded).filter((a) => a.verb === 'incident.nis2.clear');
    expect(withdraw.map((a) => [a.title, a.data.step])).toEqual([['Fortryd registreringen', 'earlyWarning']]);

    const withdrawn = (await h.teams.act(coordinator, 'incident.nis2.clear', withdraw[0]!.data)).body?.value;
    const texts = cardTexts(withdrawn);
    expect(texts).toContain(da.incidents.triage.saved);
    expect(texts.some((text) => text.startsWith('Sendt 08.12.2026 kl. 03:30'))).toBe(false);
    expect(cardActions(withdrawn).filter((a) => a.verb === 'incident.nis2.clear')).toEqual([]);
    const history = texts.filter((text) => text.includes('Mette Kjær · '));
    expect(history.some((text) => text.includes('NIS2 tidlig varsling registreret som sendt'))).toBe(true);
    expect(history.some((text) => text.includes('NIS2-registrering fortrudt'))).toBe(true);

    // The early warning counts as not sent again, so its reminder comes 4 hours before the deadline.
    clock.advance(2 * HOUR + 60_000);
    await h.bot.scheduler.tick();
    expect(remindersFor(number, 'nis2EarlyWarning')).toHaveLength(1);

    // A stale card (the version before the withdrawal) cannot withdraw again or overwrite anything.
    const again = await h.teams.act(coordinator, 'incident.nis2.clear', withdraw[0]!.data);
    expect(cardTexts(again.body?.value)).not.toContain(da.incidents.triage.saved);
  });

  it('lets the coordinator correct when the municipality became aware of a NIS2-only incident; the deadlines move', async () => {
    const { card } = await significant();
    expect(cardTexts(card)).toContain('Kendskab (NIS2): 28.11.2026 kl. 10:00 (anmeldelsestidspunktet)');
    const correct = cardActions(card).find((a) => a.verb === 'incident.awareness');
    if (!correct) throw new Error('no awareness correction on a NIS2 significant incident');
    const saved = await h.teams.act(coordinator, 'incident.awareness', {
      ...correct.data,
      awarenessDate: '2026-11-27',
      awarenessTime: '16:00',
      awarenessReason: 'Driften så angrebet dagen før anmeldelsen',
    });
    const texts = cardTexts(saved.body?.value);
    expect(texts).toContain('Kendskab (NIS2): 27.11.2026 kl. 16:00 (rettet)');
    // Early warning 24 hours and notification 72 hours after the corrected awareness.
    expect(texts).toContain('Frist: 28.11.2026 kl. 16:00');
    expect(texts).toContain('Frist: 30.11.2026 kl. 16:00');
    expect(texts.some((text) => text.includes('tidspunkt for kendskab rettet'))).toBe(true);
  });

  it('shows the recorded report on the triage card in Danish, with who recorded it, and keeps it in the history', async () => {
    const { number, card } = await significant();
    clock.advance(25 * HOUR); // 29.11 11:00 Danish time
    await recordSent(coordinator, card, 'earlyWarning', '2026-11-29', '09:15', 'nis2EarlyWarning');
    const shown = await view(coordinator, number);
    const texts = cardTexts(shown);
    expect(texts).toEqual(
      expect.arrayContaining([
        da.incidents.triage.nis2Heading,
        da.incidents.triage.nis2Steps.earlyWarning,
        'Frist: 29.11.2026 kl. 10:00',
        'Sendt 29.11.2026 kl. 09:15 – fristen er overholdt (registreret af Mette Kjær)',
        da.incidents.triage.nis2Steps.notification,
        'Frist: 01.12.2026 kl. 10:00',
        'Ikke sendt – 47 timer tilbage',
        'Frist: 01.01.2027 kl. 10:00',
      ]),
    );
    expect(texts).toContain(`29.11.2026 kl. 11:00 · Mette Kjær · ${da.incidents.triage.actions.nis2EarlyWarningSent}`);
    // The recorded time is where a correction starts from.
    expect(inputOn(shown, 'nis2EarlyWarningDate')?.value).toBe('2026-11-29');
    expect(inputOn(shown, 'nis2EarlyWarningTime')?.value).toBe('09:15');
    const correct = cardActions(shown).find((a) => a.verb === 'incident.nis2.sent' && a.data.step === 'earlyWarning');
    expect(correct?.title).toBe(da.incidents.triage.nis2Correct);

    const corrected = await recordSent(coordinator, shown, 'earlyWarning', '2026-11-29', '11:00', 'nis2EarlyWarning');
    expect(cardTexts(corrected.body?.value)).toContain(
      'Sendt 29.11.2026 kl. 11:00 – 1 time efter fristen (registreret af Mette Kjær)',
    );
  });

  it('shows an English coordinator the same record in English', async () => {
    const { number, card } = await significant();
    clock.advance(70 * HOUR);
    await recordSent(coordinator, card, 'notification', '2026-11-30', '14:00', 'nis2Notification');
    const texts = cardTexts(await view(englishCoordinator, number));
    expect(texts).toEqual(
      expect.arrayContaining([
        en.incidents.triage.nis2Heading,
        'Sent 30 Nov 2026 14:00 – deadline met (recorded by Mette Kjær)',
        'Not sent – the deadline passed 46 hours ago',
        // The final report's month runs from the notification as sent.
        'Deadline: 30 Dec 2026 14:00',
      ]),
    );
  });

  it('refuses anyone without the coordinator role, whatever the card carried', async () => {
    const { number, card } = await significant();
    clock.advance(20 * HOUR);
    const intruder = newUser('Lars Holm');
    const refused = await recordSent(intruder, card, 'earlyWarning', '2026-11-29', '05:00', 'nis2EarlyWarning');
    expect(refused.body?.type).toBe('application/vnd.microsoft.activity.message');
    expect(refused.body?.value).toBe(da.common.errorForbidden);
    expect(cardTexts(await view(coordinator, number)).filter((text) => text.startsWith('Ikke sendt'))).toHaveLength(3);
  });

  it('re-shows the card with the error in the user’s language and what they typed, storing nothing', async () => {
    const { number, card } = await significant();
    clock.advance(20 * HOUR); // 29.11 06:00 Danish time
    const future = await recordSent(coordinator, card, 'earlyWarning', '2026-11-29', '08:00', 'nis2EarlyWarning');
    const again = future.body?.value;
    expect(cardTexts(again)).toEqual(
      expect.arrayContaining([da.incidents.errors.nis2SentFuture, da.incidents.errors.future]),
    );
    expect(inputOn(again, 'nis2EarlyWarningDate')?.value).toBe('2026-11-29');
    expect(inputOn(again, 'nis2EarlyWarningTime')?.value).toBe('08:00');

    const early = await recordSent(
      englishCoordinator,
      again,
      'earlyWarning',
      '2026-11-28',
      '09:59',
      'nis2EarlyWarning',
    );
    expect(cardTexts(early.body?.value)).toEqual(
      expect.arrayContaining([en.incidents.errors.nis2SentBeforeAwareness, en.incidents.errors.beforeAwareness]),
    );
    const noTime = await recordSent(coordinator, again, 'earlyWarning', '2026-11-29', '', 'nis2EarlyWarning');
    expect(cardTexts(noTime.body?.value)).toEqual(
      expect.arrayContaining([da.incidents.errors.nis2SentAt, da.incidents.errors.dateTime]),
    );
    expect(cardTexts(await view(coordinator, number)).filter((text) => text.startsWith('Ikke sendt'))).toHaveLength(3);
  });

  it('answers an outdated card with the current one and never overwrites the newer record', async () => {
    const { number, card } = await significant();
    clock.advance(20 * HOUR);
    await recordSent(coordinator, card, 'earlyWarning', '2026-11-29', '05:00', 'nis2EarlyWarning');
    const stale = await recordSent(englishCoordinator, card, 'earlyWarning', '2026-11-29', '04:00', 'nis2EarlyWarning');
    expect(cardTexts(stale.body?.value)).toContain(en.common.errorConflict);
    expect(cardTexts(await view(coordinator, number))).toContain(
      'Sendt 29.11.2026 kl. 05:00 – fristen er overholdt (registreret af Mette Kjær)',
    );
  });

  it('puts when each report was sent in the auditors’ CSV', async () => {
    const { number, card } = await significant();
    clock.advance(30 * HOUR);
    const first = await recordSent(coordinator, card, 'earlyWarning', '2026-11-29', '09:15', 'nis2EarlyWarning');
    await recordSent(coordinator, first.body?.value, 'notification', '2026-11-29', '15:45', 'nis2Notification');
    const form = await h.teams.act(coordinator, 'incident.export');
    const download = cardActions(form.body?.value).find((a) => a.verb === 'incident.export');
    const created = await h.teams.act(coordinator, 'incident.export', {
      ...download?.data,
      from: '2026-11-28',
      to: '2026-11-28',
      create: true,
    });
    const link = JSON.stringify(created.body?.value).match(
      /http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/,
    )?.[0];
    const csv = await (await fetch(link as string)).text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').split('\r\n');
    const columns = header.split(';');
    const row = rows.find((line) => line.startsWith(`${number};`))?.split(';') ?? [];
    const cell = (name: string) => row[columns.indexOf(name)];
    expect(cell('NIS2')).toBe('Ja');
    expect(cell('NIS2 tidlig varsling sendt')).toBe('2026-11-29 09:15');
    expect(cell('NIS2-hændelsesunderretning sendt')).toBe('2026-11-29 15:45');
    expect(cell('NIS2 endelig rapport sendt')).toBe('');
  });
});
