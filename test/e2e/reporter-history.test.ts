import { da } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardOf, cardTexts } from '../support/cards';
import { emailOf, newUser, TeamsClient, withCoordinatorChannel } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/**
 * #15 item 6, P1: the reporter follows what happened to her report — state changes, closing and
 * reopening, with when — but sees nothing internal: no comments, assignee, measures, breach
 * assessment or who made the change (P10).
 */
describe("the reporter's view of what happened to her report", () => {
  const suite = withCoordinatorChannel('2026-12-01T09:00:00Z');
  const { clock, coordinator } = suite;

  it('shows state changes, closing and reopening, and nothing internal', async () => {
    const reporter = newUser('Sofie Jensen');
    const colleague = newUser('Anne Friis');
    const itLead = newUser('Ida Thomsen');
    await suite.h.teams.install(reporter);
    const number = numberOn(
      await submitReport(suite.h.teams, reporter, { kind: 'general', personalData: 'no', personalDataKinds: '' }),
    );
    const triage = (data: Record<string, unknown>) => suite.h.teams.act(coordinator, 'incident.triage', data);
    const version = async () =>
      Number(
        cardActions(cardIn(await suite.h.teams.act(coordinator, 'incident.view', { number }))).find(
          (action) => action.verb === 'incident.triage',
        )?.data.version,
      );
    clock.set('2026-12-01T10:00:00Z');
    await triage({
      number,
      version: await version(),
      state: 'inProgress',
      assignee: emailOf(itLead),
      comment: 'Intern note: mistanke om insider',
    });
    await suite.h.teams.act(coordinator, 'incident.measure.add', {
      number,
      version: await version(),
      measureText: 'Spær kontoen hemmeligt',
      measureOwnerPick: itLead.aadObjectId,
      measureDue: '2026-12-20',
    });
    clock.set('2026-12-02T09:00:00Z');
    await triage({
      number,
      version: await version(),
      state: 'closed',
      confirmOpenMeasures: 'true',
      comment: 'Lukket af koordinatoren',
    });
    clock.set('2026-12-03T09:00:00Z');
    await triage({ number, version: await version(), state: 'inProgress', comment: 'Sket igen' });

    // She opens her report from her list.
    await suite.h.teams.say(reporter, 'mine hændelser');
    const list = cardOf(suite.h.connector.sentTo(TeamsClient.personalChat(reporter)).at(-1));
    const open = cardActions(list).find((action) => action.verb === 'incident.view' && action.data.number === number);
    const card = cardIn(await suite.h.teams.press(reporter, open));
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        da.reporterView.heading,
        '01.12.2026 kl. 10:00 · Meldt',
        '01.12.2026 kl. 11:00 · Status ændret: Modtaget → Under behandling',
        '02.12.2026 kl. 10:00 · Status ændret: Under behandling → Lukket',
        '03.12.2026 kl. 10:00 · Genåbnet: Under behandling',
      ]),
    );
    const shown = JSON.stringify(card);
    for (const internal of ['Intern note', 'insider', 'Ida Thomsen', 'Spær kontoen', 'Mette Kjær', 'Sket igen'])
      expect(shown).not.toContain(internal);

    // Somebody else asking for her report is told it does not exist.
    const other = await suite.h.teams.act(colleague, 'incident.view', { number });
    expect(other.body?.value).toBe(da.common.errorNotFound);
  });
});
