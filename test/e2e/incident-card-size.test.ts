import { CARD_BUDGET_BYTES, cardBytes } from '../../src/platform/cards';
import { da } from '../../src/i18n/catalogs';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { newUser, withCoordinatorChannel } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const prose = 'Medarbejderen modtog en mail med et link til en falsk loginside og indtastede sin adgangskode. ';
const text = (n: number, start = '') => (start + prose.repeat(Math.ceil(n / prose.length))).slice(0, n);

describe('a large incident stays workable in Teams (card size limit)', () => {
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const { coordinator } = suite;

  it('lets the coordinator add 50 long measures and still mark any one of them done from the card', async () => {
    const reporter = newUser('Sofie Jensen');
    const number = numberOn(
      await submitReport(suite.h.teams, reporter, { description: text(4000), actionsTaken: text(2000) }),
    );
    let card = (await suite.h.teams.act(coordinator, 'incident.refresh', { number }, { trigger: 'automatic' })).body
      ?.value;
    // The measures are added on their own card (#20), each owned by a person with a long name.
    let measures = (
      await suite.h.teams.press(
        coordinator,
        cardActions(card).find((action) => action.verb === 'incident.measures'),
      )
    ).body?.value;
    for (let i = 0; i < 50; i++) {
      const owner = newUser(text(120, `Ejer ${i + 1} `));
      const add = cardActions(measures).find((action) => action.verb === 'incident.measure.add');
      const answer = await suite.h.teams.press(coordinator, add, {
        measureText: text(500, `Foranstaltning ${i + 1}: `),
        measureOwnerPick: owner.aadObjectId,
        measureDue: '2026-12-15',
      });
      measures = answer.body?.value;
      expect(cardTexts(measures).some((line) => line.startsWith('Foranstaltningen er tilføjet'))).toBe(true);
      // Every answer is a card Teams accepts, within the budget (the harness refuses anything over Teams' limit).
      expect(cardBytes(measures)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    }
    card = (await suite.h.teams.act(coordinator, 'incident.view', { number })).body?.value;
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardTexts(card)).toContain(da.incidents.triage.shortened);

    // The compact card: one choice per open measure and one button.
    const choice = inputOn(card, 'measureId') as { choices: { title: string; value: string }[] };
    expect(choice.choices).toHaveLength(50);
    const seventh = choice.choices[6]!;
    expect(seventh.title.startsWith('Foranstaltning 7: ')).toBe(true);
    const markDone = cardActions(card).find(
      (action) => action.verb === 'incident.measure.done' && action.data.measureId === undefined,
    );
    const done = await suite.h.teams.press(coordinator, markDone, { measureId: seventh.value });
    const after = done.body?.value;
    expect(cardTexts(after)).toEqual(
      expect.arrayContaining([da.incidents.triage.saved, 'Udførte foranstaltninger, der ikke vises her: 1.']),
    );
    const left = (inputOn(after, 'measureId') as { choices: { value: string }[] }).choices.map((c) => c.value);
    expect(left).toHaveLength(49);
    expect(left).not.toContain(seventh.value);

    // The stored incident keeps every text in full: the CSV export of the year holds them.
    const view = await suite.h.teams.act(coordinator, 'incident.view', { number });
    expect(cardBytes(view.body?.value)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });
});
