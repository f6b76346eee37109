import { da } from '../../src/i18n/catalogs';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const tr = da.incidents.triage;

/**
 * The breach assessment and decision on a card of its own (#16), reached from the triage card so
 * that card has room: the same clock, every value typed kept on an error and on an outdated card,
 * and the way back.
 */
describe('the breach decision card (P3, art. 33–34)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const other = newUser('Jonas Berg');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator, other], clock });
  });
  afterAll(() => h.close());

  const press = (user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown> = {}) =>
    h.teams.pressOn(user, card, verb, inputs);
  const view = async (user: TestUser, number: string) =>
    (await h.teams.act(user, 'incident.view', { number })).body?.value;
  const typed = {
    decision: 'notify',
    justification: 'CPR-numre på 40 borgere i en mail til forkert modtager',
    consequences: 'Risiko for identitetstyveri',
    notifiedDate: '2026-11-28',
    notifiedTime: '11:00',
    reference: '2026-431-0077',
    subjectsChoice: 'notified',
    subjectsDate: '2026-11-28',
    subjectsTime: '11:30',
    subjectsHow: 'Brev i e-Boks',
  };
  const values = (card: unknown) => Object.fromEntries(Object.keys(typed).map((id) => [id, inputOn(card, id)?.value]));

  it('opens from the breach clock with the clock shown, and goes back to the incident', async () => {
    const number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
    const triage = await view(coordinator, number);
    expect(inputOn(triage, 'justification')).toBeUndefined();
    const card = await press(coordinator, triage, 'incident.breach.assess');
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([`${number} · Beslutning om anmeldelse`, da.breachDecision.intro, tr.recordDecision]),
    );
    expect(texts.some((text) => text.startsWith('Frist for anmeldelse til Datatilsynet: '))).toBe(true);
    expect(cardActions(card).map((action) => action.verb)).toEqual([
      'incident.breach.decision',
      'incident.breach.form',
      'incident.view',
    ]);
    const back = await press(coordinator, card, 'incident.view');
    expect(cardTexts(back)).toContain(`${number} · ${da.incidents.states.received}`);
  });

  it('answers an outdated card with the current record and keeps everything typed', async () => {
    const number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
    const mine = await press(coordinator, await view(coordinator, number), 'incident.breach.assess');
    // Meanwhile a colleague records a decision.
    const theirs = await press(other, await view(other, number), 'incident.breach.assess');
    await press(other, theirs, 'incident.breach.decision', {
      decision: 'notNotify',
      justification: 'Disken var krypteret',
      consequences: 'Ingen',
      subjectsChoice: 'undecided',
    });
    clock.advance(3 * 3_600_000);
    const stale = await press(coordinator, mine, 'incident.breach.decision', typed);
    const texts = cardTexts(stale);
    expect(texts).toContain(da.common.errorConflict);
    // The colleague's decision is shown above; nothing typed is lost.
    expect(texts.some((text) => text.startsWith('Beslutning registreret') && text.includes('Jonas Berg'))).toBe(true);
    expect(values(stale)).toEqual(typed);
    // Pressed again on the current card, the decision is recorded.
    const recorded = await press(coordinator, stale, 'incident.breach.decision', typed);
    expect(cardTexts(recorded)).toContain(tr.saved);
    expect(cardTexts(recorded).some((text) => text.includes('Mette Kjær'))).toBe(true);
    expect(values(await press(coordinator, await view(coordinator, number), 'incident.breach.assess'))).toEqual(typed);
  });

  it('is the coordinator’s only, whatever the card carried', async () => {
    const number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
    const employee = newUser('Lars Holm');
    const refused = await h.teams.act(employee, 'incident.breach.assess', { number });
    expect(JSON.stringify(refused.body)).not.toContain('Beslutning om anmeldelse');
  });
});
