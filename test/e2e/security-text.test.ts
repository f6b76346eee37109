import { cardTexts } from '../support/cards';
import { newUser, withCoordinatorChannel } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';
import { storedIncident } from '../support/fault-records';

const bidiOrInvisible = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

/** P10, issue #14: text that could break storage for others or disguise itself on a coordinator's card. */
describe('hostile characters in a report', () => {
  const suite = withCoordinatorChannel('2026-11-27T08:00:00Z');

  it('stores a report with U+2028/U+2029 (as line breaks), and every colleague reporting at the same time', async () => {
    const colleagues = Array.from({ length: 8 }, (_, i) => newUser(`Kollega ${i}`));
    const typed = 'Server\u2028nede\u2029igen';
    const answers = await Promise.all([
      submitReport(suite.h.teams, newUser('Ole Berg'), { title: typed, description: `Det er ${typed}` }),
      ...colleagues.map((user, i) => submitReport(suite.h.teams, user, { title: `Rapport ${i}` })),
    ]);
    const numbers = answers.map(numberOn);
    expect(new Set(numbers).size).toBe(9);
    const stored = await storedIncident(suite.h, numbers[0] as string);
    expect(stored?.title).toBe('Server\nnede\nigen');
    expect(stored?.description).toBe('Det er Server\nnede\nigen');
  });

  it("shows a title's bidi overrides and zero-width characters on no card, and keeps them in the record", async () => {
    const typed = 'Faktura\u202Efdp.exe\u200B adm\u200Din';
    const number = numberOn(await submitReport(suite.h.teams, newUser('Eva Lund'), { title: typed }));
    for (const verb of ['incident.open', 'incident.view']) {
      const answer = await suite.h.teams.act(suite.coordinator, verb, { number });
      const json = JSON.stringify(answer.body?.value);
      expect(json).not.toMatch(bidiOrInvisible);
      if (verb === 'incident.view') expect(cardTexts(answer.body?.value).join('\n')).toContain('Fakturafdp.exe admin');
    }
    expect((await storedIncident(suite.h, number))?.title).toBe(typed);
  });
});
