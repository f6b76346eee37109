import { da, en } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

/**
 * P6: `gennemgang` always gives a coordinator or manager the current quarter's review — the live
 * summary, who recorded it held and when, and the way to record it — whether or not the scheduled
 * post of it happened (here: a fresh install in December, the scheduler never ran).
 */
describe('the current quarter review on request (P6)', () => {
  const clock = new ManualClock(new Date('2026-12-07T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const englishManager = newUser('Jane Doe', 'en-US');
  const employee = newUser('Sofie Jensen');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await grant(h, manager.aadObjectId, 'management');
    await grant(h, englishManager.aadObjectId, 'management');
  });
  afterAll(() => h.close());

  const ask = async (user: TestUser, text = 'gennemgang') => {
    h.connector.clear();
    await h.teams.say(user, text);
    return cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  };

  it('gives the coordinator this quarter review with the live summary and the way to record it, then shows the record to a manager', async () => {
    const card = await ask(coordinator);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Kvartalsvis risikogennemgang – 4. kvartal 2026',
        'Afventer gennemgang (forfalden 01.10.2026)',
        da.reviews.facts.open,
        da.reviews.card.record,
      ]),
    );
    expect(cardTexts(card)).not.toContain(da.reviews.card.noneYet);
    const record = cardActions(card).find((action) => action.verb === 'review.done');
    expect(record?.data).toEqual({ quarter: '2026-Q4' });

    // A manager sees the same review and cannot record it.
    const before = await ask(manager);
    expect(cardTexts(before)).toContain('Afventer gennemgang (forfalden 01.10.2026)');
    expect(cardActions(before).map((action) => action.verb)).not.toContain('review.done');

    const done = await h.teams.press(coordinator, record, {
      heldOn: '2026-12-03',
      notes: 'Gennemgået med direktionen',
    });
    expect(cardTexts(done.body?.value)).toContain(da.reviews.card.recorded);

    const after = await ask(manager);
    expect(cardTexts(after)).toEqual(
      expect.arrayContaining([
        da.reviews.card.done,
        'Afholdt 03.12.2026, registreret af Mette Kjær 07.12.2026 kl. 11:00.',
      ]),
    );
    expect(cardTexts(after)).toContain('Gennemgået med direktionen');
    expect(cardTexts(await ask(englishManager, 'review'))).toContain(en.reviews.card.done);
  });

  it('refuses a person without the coordinator or management role', async () => {
    h.connector.clear();
    await h.teams.say(employee, 'gennemgang');
    const [answer] = h.connector.sentTo(TeamsClient.personalChat(employee)).map(cardOf);
    expect(cardTexts(answer)).toContain(da.common.errorForbidden);
    expect(cardActions(answer).map((action) => action.verb)).not.toContain('review.done');
  });
});
