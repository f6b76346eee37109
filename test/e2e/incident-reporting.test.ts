import { da } from '../../src/i18n/catalogs';
import { en } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness } from '../support/harness';
import { numberOn, submitReport, validReport } from '../support/incidents';

describe('reporting an incident (P1)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let coordinatorChannel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    coordinatorChannel = await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it.each(['meld hændelse', 'anmeld hændelse'])(
    'opens the report card in Danish when an employee writes "%s"',
    async (command) => {
      const employee = newUser('Sofie Jensen');
      await h.teams.say(employee, command);
      const card = cardOf(h.connector.sentTo(TeamsClient.personalChat(employee))[0]);
      const texts = cardTexts(card);
      expect(texts).toEqual(
        expect.arrayContaining([
          'Meld en sikkerhedshændelse',
          da.incidents.report.descriptionLabel,
          da.incidents.kinds.personalData,
        ]),
      );
      expect(cardActions(card).map((a) => a.verb)).toContain('incident.submit');
    },
  );

  it('stores a valid report, gives the reporter a number and tells the coordinator channel at once', async () => {
    const employee = newUser('Sofie Jensen');
    const answer = await submitReport(h.teams, employee);
    expect(answer.status).toBe(200);
    const number = numberOn(answer);
    expect(number).toMatch(/^HÆN-2026-\d{4}$/);
    expect(cardTexts(answer.body?.value)).toEqual(
      expect.arrayContaining([da.incidents.confirmation.title, da.incidents.confirmation.breachNext]),
    );

    const notice = await h.connector.waitFor(
      (call) => call.conversationId === coordinatorChannel && JSON.stringify(call.activity).includes(number),
    );
    const noticeCard = cardOf(notice.activity);
    // The channel post carries no details: only coordinators see them, through refresh (P10).
    expect(JSON.stringify(noticeCard)).not.toContain('S-toget');
    expect(noticeCard.refresh.userIds).toEqual([`8:orgid:${coordinator.aadObjectId}`]);

    await h.teams.say(employee, 'mine hændelser');
    const list = cardOf(h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    expect(cardTexts(list)).toEqual(
      expect.arrayContaining([`${number} · ${da.incidents.states.received}`, 'Bærbar computer glemt i S-toget']),
    );
  });

  it('re-shows the card with the values kept and the errors in Danish when fields are missing, and stores nothing', async () => {
    const employee = newUser('Sofie Jensen');
    const answer = await submitReport(h.teams, employee, { title: '', discoveredDate: '', personalDataKinds: '' });
    const card = answer.body?.value;
    expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        da.incidents.report.fixErrors,
        da.incidents.errors.required,
        da.incidents.errors.kindsRequired,
      ]),
    );
    const description = JSON.stringify(card);
    expect(description).toContain('Min arbejdscomputer blev glemt i S-toget');
    expect(description).toContain('2233 4455');
    const mine = await h.teams.act(employee, 'incident.mine');
    expect(cardTexts(mine.body?.value)).toContain(da.incidents.list.mineEmpty);
  });

  it('answers in English for an English Teams client', async () => {
    const consultant = newUser('Jonas Berg', 'en-GB');
    const bad = await submitReport(h.teams, consultant, { description: '' });
    expect(cardTexts(bad.body?.value)).toEqual(
      expect.arrayContaining([en.incidents.report.fixErrors, en.incidents.errors.required]),
    );
    const good = await submitReport(h.teams, consultant, {
      kind: 'general',
      personalData: 'no',
      personalDataKinds: '',
    });
    expect(cardTexts(good.body?.value)).toContain(en.incidents.confirmation.title);
    expect(cardTexts(good.body?.value)).not.toContain(en.incidents.confirmation.breachNext);
  });

  it('rejects a date in the future and discovery before the incident', async () => {
    const employee = newUser('Sofie Jensen');
    const future = await submitReport(h.teams, employee, { discoveredDate: '2026-12-24' });
    expect(cardTexts(future.body?.value)).toContain(da.incidents.errors.future);
    const backwards = await submitReport(h.teams, employee, {
      occurredDate: '2026-11-27',
      occurredTime: '10:00',
      discoveredTime: '09:00',
    });
    expect(cardTexts(backwards.body?.value)).toContain(da.incidents.errors.beforeOccurred);
  });

  it('stores one incident when the same card is submitted twice at once (double click, Teams retry)', async () => {
    const employee = newUser('Sofie Jensen');
    const report = validReport();
    const [first, second] = await Promise.all([
      h.teams.act(employee, 'incident.submit', report),
      h.teams.act(employee, 'incident.submit', report),
    ]);
    expect(numberOn(first)).toBe(numberOn(second));
    const mine = await h.teams.act(employee, 'incident.mine');
    expect(cardActions(mine.body?.value).filter((a) => a.verb === 'incident.view')).toHaveLength(1);
  });

  it('numbers concurrent reports from different people without gaps or duplicates', async () => {
    const before = numberOn(await submitReport(h.teams, newUser('A')));
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => submitReport(h.teams, newUser(`Reporter ${i}`))),
    );
    const seqs = answers.map((answer) => Number(numberOn(answer).slice(-4))).sort((a, b) => a - b);
    const start = Number(before.slice(-4));
    expect(seqs).toEqual(Array.from({ length: 8 }, (_, i) => start + 1 + i));
  });

  it('numbers a burst of reports gap-free, one incident per card however often it is sent, one channel notice each', async () => {
    const before = Number(numberOn(await submitReport(h.teams, newUser('A'))).slice(-4));
    const employees = Array.from({ length: 16 }, (_, i) => newUser(`Medarbejder ${i}`));
    const cards = employees.map(() => validReport());
    // Card 0 is sent three times and card 1 twice within the burst (double clicks, Teams' retries).
    const sends = [...cards.keys(), 0, 1, 0];
    const answers = await Promise.all(
      sends.map((i) => h.teams.act(employees[i] as (typeof employees)[number], 'incident.submit', cards[i])),
    );

    const numbers = answers.map(numberOn);
    const numbersOfCard = (card: number) => new Set(numbers.filter((_, at) => sends[at] === card));
    expect([...cards.keys()].map((card) => numbersOfCard(card).size)).toEqual(Array(16).fill(1));
    const seqs = [...new Set(numbers)].map((number) => Number(number.slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => before + 1 + i));

    const notices = (number: string) =>
      h.connector.calls.filter(
        (call) => call.conversationId === coordinatorChannel && JSON.stringify(call.activity).includes(number),
      );
    for (const number of new Set(numbers)) await h.connector.waitFor((call) => notices(number).includes(call), 10_000);
    for (const number of new Set(numbers)) expect(notices(number)).toHaveLength(1);
  });

  it('never shows a reporter someone else’s incident, whatever number the card carries (P10)', async () => {
    const owner = newUser('Sofie Jensen');
    const other = newUser('Jonas Berg');
    const number = numberOn(await submitReport(h.teams, owner));
    const peek = await h.teams.act(other, 'incident.view', { number });
    expect(peek.body?.type).toBe('application/vnd.microsoft.activity.message');
    expect(peek.body?.value).toBe(da.common.errorNotFound);
    expect(JSON.stringify(peek.body)).not.toContain('S-toget');
    const own = await h.teams.act(owner, 'incident.view', { number });
    expect(cardTexts(own.body?.value)).toContain(`Hændelse ${number}`);
  });
});

describe("a reporter's own list (P1)", () => {
  // A bot of its own: 22 reports would otherwise use up the coordinator channel's Teams send budget
  // (60 messages per 30 s) that the other tests' notices are timed against.
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock(new Date('2026-11-28T09:00:00Z')) });
  });
  afterAll(() => h.close());

  it('shows a reporter all their reports, 20 a page, newest first', async () => {
    const employee = newUser('Karin Holm');
    const numbers: string[] = [];
    for (let i = 0; i < 22; i++)
      numbers.push(numberOn(await submitReport(h.teams, employee, { title: `Hændelse ${i}` })));
    const newestFirst = [...numbers].reverse();
    const shown = (card: unknown) =>
      cardActions(card)
        .filter((action) => action.verb === 'incident.view')
        .map((action) => action.data.number);

    const first = (await h.teams.act(employee, 'incident.mine')).body?.value;
    expect(shown(first)).toEqual(newestFirst.slice(0, 20));
    expect(cardTexts(first)).toContain('Viser de første 20. Der er flere på næste side.');
    const next = cardActions(first).find((action) => action.verb === 'incident.mine' && action.data.after);
    expect(next?.title).toBe(da.incidents.list.nextPage);

    const second = (await h.teams.act(employee, 'incident.mine', next!.data)).body?.value;
    expect(shown(second)).toEqual(newestFirst.slice(20));
    expect(cardTexts(second)).toContain(`Viser 2 efter ${newestFirst[19]}.`);
    const back = cardActions(second).find((action) => action.verb === 'incident.mine' && !action.data.after);
    expect(back?.title).toBe(da.incidents.list.firstPage);
  });
});
