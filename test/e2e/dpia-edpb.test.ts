import { da } from '../../src/i18n/catalogs';
import { cardIn, cardTexts, dataOf } from '../support/cards';
import { newUser, startHarness, type Harness } from '../support/harness';
import { screeningAnswers } from '../support/screenings';

/** P5: the screening flags contradictory answers and asks the EDPB (WP248) criteria the policy lacks. */
describe('DPIA screening: contradictions and the EDPB criteria (P5)', () => {
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  let h: Harness;
  let screeningId: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await h.registerChannel('coordinator');
    await h.teams.say(owner, 'hjælp');
    const system = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name: 'Sagsportal',
        purpose: 'Borgersager',
        supplier: 'Leverandør A/S',
        owner: owner.aadObjectId,
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    const started = cardIn(
      await h.teams.act(coordinator, 'dpia.start', { id: dataOf(system, 'system.classify').id, trigger: 'changed' }),
    );
    screeningId = String(dataOf(started, 'dpia.view').id);
  });
  afterAll(() => h.close());

  it('asks the three EDPB criteria and requires an answer to each', async () => {
    const form = cardIn(await h.teams.act(owner, 'dpia.view', { id: screeningId }));
    const q = da.dpia.screening.questions;
    expect(cardTexts(form)).toEqual(
      expect.arrayContaining([q.matchingOrCombining, q.evaluationOrScoring, q.preventsExercisingRights]),
    );
    const { matchingOrCombining: _omitted, ...withoutOne } = screeningAnswers();
    const refused = cardIn(await h.teams.act(owner, 'dpia.answer', { id: screeningId, ...withoutOne }));
    expect(cardTexts(refused)).toEqual(expect.arrayContaining([da.dpia.screening.fixErrors, da.dpia.errors.required]));
  });

  it('flags "new technology" on processing unchanged since 2018 as a contradiction, not as "no DPIA"', async () => {
    const preview = cardIn(
      await h.teams.act(owner, 'dpia.answer', {
        id: screeningId,
        ...screeningAnswers({ newTechnology: 'yes', processingBeganBefore2018_05_25: 'yes', changedSince2018: 'no' }),
      }),
    );
    const texts = cardTexts(preview);
    expect(texts).toContain(da.dpia.outcome.outcomes.dpiaRequired);
    expect(texts).toContain(`• ${da.dpia.outcome.reasons.newTechnologyContradicts2018}`);
    expect(texts).not.toContain(`• ${da.dpia.outcome.reasons.predates2018Unchanged}`);
  });

  it('requires a DPIA when two EDPB criteria hold, and stores them with the answer', async () => {
    const preview = cardIn(
      await h.teams.act(owner, 'dpia.answer', {
        id: screeningId,
        ...screeningAnswers({ matchingOrCombining: 'yes', evaluationOrScoring: 'yes' }),
      }),
    );
    expect(cardTexts(preview)).toEqual(
      expect.arrayContaining([da.dpia.outcome.outcomes.dpiaRequired, `• ${da.dpia.outcome.reasons.edpbTwoCriteria}`]),
    );
    const stored = cardIn(await h.teams.act(owner, 'dpia.confirm', dataOf(preview, 'dpia.confirm')));
    expect(cardTexts(stored)).toEqual(
      expect.arrayContaining([da.dpia.outcome.stored, `• ${da.dpia.outcome.reasons.matchingOrCombining}`]),
    );
  });
});
