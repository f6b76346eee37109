import { da, en } from '../../src/i18n/catalogs';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

const DAY = 24 * 3_600_000;

/** Answers as the screening card submits them: children's data, nothing else, processing new. */
const answers = (overrides: Record<string, string> = {}) => ({
  processesPersonalData: 'yes',
  newTechnology: 'no',
  largeScaleSensitiveData: 'no',
  largeAmountsRegionalNational: 'no',
  systematicAutomatedEvaluation: 'no',
  publicAreaMonitoring: 'no',
  vulnerableDataSubjects: 'yes',
  vulnerableDataSubjectsNote: 'Elevers trivselsmålinger',
  matchingOrCombining: 'no',
  evaluationOrScoring: 'no',
  preventsExercisingRights: 'no',
  highInherentRisk: 'no',
  processingBeganBefore2018_05_25: 'no',
  ...overrides,
});

describe('DPIA screening (P5)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  const employee = newUser('Sofie Jensen');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock, env: { DPIA_REMINDER_DAYS: '5' } });
    channel = await h.registerChannel('coordinator');
    await h.teams.say(owner, 'hjælp'); // the owner has a personal chat with the bot
  });
  afterAll(() => h.close());

  const registerSystem = async (name: string, systemOwner: TestUser = owner) => {
    const card = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name,
        purpose: 'Elevadministration',
        supplier: 'Leverandør A/S',
        owner: systemOwner.aadObjectId,
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    return String(dataOf(card, 'system.classify').id);
  };
  const startScreening = async (systemId: string) => {
    const card = cardIn(await h.teams.act(coordinator, 'dpia.start', { id: systemId, trigger: 'new' }));
    return { card, screeningId: String(dataOf(card, 'dpia.view').id) };
  };
  const ownerCards = (user: TestUser = owner) =>
    h.connector.sentTo(TeamsClient.personalChat(user)).map((activity) => cardOf(activity));

  it('sends the screening to the owner, who answers, sees the outcome and confirms; the coordinator is told', async () => {
    const systemId = await registerSystem('Elevplan');
    const { card, screeningId } = await startScreening(systemId);
    // The owner is shown by the name Teams gave when the system was registered.
    expect(cardTexts(card)).toContain(`Screeningen er sendt til systemejeren (${owner.name}) i den personlige chat.`);
    await h.connector.waitFor(
      (call) =>
        call.conversationId === TeamsClient.personalChat(owner) &&
        cardTexts(cardOf(call.activity)).includes('Besvar en DPIA-screening: Elevplan'),
    );

    const form = cardIn(await h.teams.act(owner, 'dpia.view', { id: screeningId }));
    expect(cardTexts(form)).toEqual(
      expect.arrayContaining([da.dpia.screening.questions.newTechnology, da.dpia.screening.datatilsynetLink]),
    );

    const incomplete = cardIn(
      await h.teams.act(owner, 'dpia.answer', { id: screeningId, ...answers({ highInherentRisk: '' }) }),
    );
    expect(cardTexts(incomplete)).toEqual(
      expect.arrayContaining([da.dpia.screening.fixErrors, da.dpia.errors.required]),
    );

    const preview = cardIn(await h.teams.act(owner, 'dpia.answer', { id: screeningId, ...answers() }));
    expect(cardTexts(preview)).toEqual(
      expect.arrayContaining([
        da.dpia.outcome.outcomes.dpiaRequired,
        `• ${da.dpia.outcome.reasons.vulnerableDataSubjects}`,
        ' – Elevers trivselsmålinger',
      ]),
    );
    const confirm = dataOf(preview, 'dpia.confirm');

    // Nobody but the owner can answer: an employee is told it does not exist, the coordinator is refused.
    expect((await h.teams.act(employee, 'dpia.confirm', confirm)).body?.value).toBe(da.common.errorNotFound);
    expect((await h.teams.act(coordinator, 'dpia.confirm', confirm)).body?.value).toBe(da.common.errorForbidden);

    const stored = cardIn(await h.teams.act(owner, 'dpia.confirm', confirm));
    expect(cardTexts(stored)).toEqual(
      expect.arrayContaining([
        da.dpia.outcome.stored,
        'Besvaret 28.11.2026 kl. 10:00 af Lise Holm',
        da.dpia.outcome.dpiaOpen,
      ]),
    );
    const notice = await h.connector.waitFor(
      (call) =>
        call.conversationId === channel &&
        cardTexts(cardOf(call.activity)).includes('DPIA-screening besvaret: Elevplan'),
    );
    expect(cardTexts(cardOf(notice.activity)).join('\n')).toContain(da.dpia.outcome.outcomes.dpiaRequired);

    // The stored answer cannot be changed: a second confirmation with other answers shows the stored one.
    const again = cardIn(
      await h.teams.act(owner, 'dpia.confirm', {
        ...confirm,
        vulnerableDataSubjects: 'no',
        processesPersonalData: 'no',
      }),
    );
    expect(cardTexts(again)).toEqual(
      expect.arrayContaining([da.common.errorConflict, da.dpia.outcome.outcomes.dpiaRequired]),
    );

    // The coordinator tracks the DPIA until it is done.
    const register = cardIn(await h.teams.act(coordinator, 'system.list', { view: 'all' }));
    expect(cardTexts(register)).toContain('Åbne konsekvensanalyser (DPIA): 1');
    expect(
      cardActions(register)
        .filter((action) => action.verb === 'dpia.view')
        .map((a) => a.data.id),
    ).toEqual([screeningId]);
    const view = cardIn(await h.teams.act(coordinator, 'dpia.view', { id: screeningId }));
    const done = cardIn(
      await h.teams.act(coordinator, 'dpia.done', {
        ...dataOf(view, 'dpia.done'),
        doneDate: '2026-11-27',
        doneLink: 'https://intranet.egedal.dk/dpia/elevplan',
      }),
    );
    expect(cardTexts(done)).toContain('Konsekvensanalysen er udført 27.11.2026 (registreret af Mette Kjær)');
    const after = cardIn(await h.teams.act(coordinator, 'system.list', { view: 'all' }));
    expect(cardActions(after).filter((action) => action.verb === 'dpia.view')).toEqual([]);
  });

  it('tells the coordinator when the owner has no personal chat with the bot', async () => {
    const stranger = newUser('Karl Nielsen');
    const { card } = await startScreening(await registerSystem('Vagtplan', stranger));
    expect(cardTexts(card).join('\n')).toContain('har ikke en personlig chat med botten endnu');
    // The coordinator can follow the unanswered screening from the system card.
    const pending = cardIn(await h.teams.act(coordinator, 'dpia.view', dataOf(card, 'dpia.view')));
    expect(cardTexts(pending)).toEqual(expect.arrayContaining(['Vagtplan', 'Sendt 28.11.2026, ikke besvaret endnu']));
  });

  it('reminds the owner once per period while unanswered', async () => {
    clock.set('2026-11-28T09:00:00Z');
    const { screeningId } = await startScreening(await registerSystem('Skoleintra'));
    const reminders = () =>
      ownerCards().filter((card) =>
        cardTexts(card).includes('Påmindelse: DPIA-screeningen af Skoleintra er ikke besvaret'),
      );
    clock.advance(4 * DAY);
    await h.bot.scheduler.tick();
    expect(reminders()).toHaveLength(0);
    clock.advance(1 * DAY + 2 * 3_600_000);
    await h.bot.scheduler.tick();
    expect(reminders()).toHaveLength(1);
    expect(dataOf(reminders()[0], 'dpia.view').id).toBe(screeningId);
    clock.advance(3_600_000);
    await h.bot.scheduler.tick();
    expect(reminders()).toHaveLength(1);
  });

  it('a new screening supersedes the old one, which can no longer be answered', async () => {
    const systemId = await registerSystem('Nemrefusion');
    const { screeningId: first } = await startScreening(systemId);
    await startScreening(systemId);
    const answer = await h.teams.act(owner, 'dpia.answer', { id: first, ...answers() });
    expect(answer.body?.value).toBe(da.dpia.errors.superseded);
  });

  it('records a DPIA done today just after midnight Danish summer time, but not one dated tomorrow', async () => {
    clock.set('2026-06-09T22:30:00Z'); // 00:30 on 10 June in Denmark, still 9 June in UTC
    try {
      const { screeningId } = await startScreening(await registerSystem('Sundhedsplejen'));
      const preview = cardIn(await h.teams.act(owner, 'dpia.answer', { id: screeningId, ...answers() }));
      cardIn(await h.teams.act(owner, 'dpia.confirm', dataOf(preview, 'dpia.confirm')));
      const view = cardIn(await h.teams.act(coordinator, 'dpia.view', { id: screeningId }));
      const record = (doneDate: string) =>
        h.teams.act(coordinator, 'dpia.done', {
          ...dataOf(view, 'dpia.done'),
          doneDate,
          doneLink: 'https://intranet.egedal.dk/dpia/sundhedsplejen',
        });
      expect(cardTexts(cardIn(await record('2026-06-11')))).toContain(da.dpia.errors.future);
      expect(cardTexts(cardIn(await record('2026-06-10')))).toContain(
        'Konsekvensanalysen er udført 10.06.2026 (registreret af Mette Kjær)',
      );
    } finally {
      clock.set('2026-11-28T09:00:00Z');
    }
  });

  it('speaks English to an English owner, in the request and the reminders too', async () => {
    clock.set('2027-01-11T09:00:00Z'); // after every job the earlier tests scheduled
    const englishOwner = newUser('Anna Berg', 'en-GB');
    await h.teams.say(englishOwner, 'help');
    const { screeningId } = await startScreening(await registerSystem('Momentum', englishOwner));
    const toAnna = () => h.connector.sentTo(TeamsClient.personalChat(englishOwner)).map(cardOf).map(cardTexts);
    // The request is sent after the coordinator's answer (not awaited by the turn): wait for it.
    await h.connector.waitFor(
      (call) =>
        call.conversationId === TeamsClient.personalChat(englishOwner) &&
        JSON.stringify(call.activity).includes('Answer a DPIA screening: Momentum'),
    );
    expect(toAnna().some((texts) => texts.includes('Answer a DPIA screening: Momentum'))).toBe(true);
    clock.advance(5 * DAY + 2 * 3_600_000);
    await h.bot.scheduler.tick();
    expect(toAnna().some((texts) => texts.some((text) => text.startsWith('Reminder')))).toBe(true);
    expect(toAnna().flat().join('\n')).not.toContain('Besvar en DPIA-screening');
    const preview = cardIn(
      await h.teams.act(englishOwner, 'dpia.answer', {
        id: screeningId,
        ...answers({ vulnerableDataSubjects: 'no', processingBeganBefore2018_05_25: 'yes', changedSince2018: 'no' }),
      }),
    );
    expect(cardTexts(preview)).toEqual(
      expect.arrayContaining([
        en.dpia.outcome.outcomes.riskAssessmentOnly,
        `• ${en.dpia.outcome.reasons.processesPersonalData}`,
      ]),
    );
  });
});

describe('a replaced DPIA screening (P5, P6)', () => {
  // Weeks before the quarterly review of Monday 4 January 2027, so the review counts what is left open.
  const clock = new ManualClock(new Date('2026-12-08T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock, env: { DPIA_REMINDER_DAYS: '5' } });
    channel = await h.registerChannel('coordinator');
    await h.teams.say(owner, 'hjælp');
  });
  afterAll(() => h.close());

  const registerSystem = async (name: string) => {
    const card = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name,
        purpose: 'Elevadministration',
        supplier: 'Leverandør A/S',
        owner: owner.aadObjectId,
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    return String(dataOf(card, 'system.classify').id);
  };
  const startScreening = async (systemId: string) =>
    String(
      dataOf(cardIn(await h.teams.act(coordinator, 'dpia.start', { id: systemId, trigger: 'new' })), 'dpia.view').id,
    );
  /** The owner answers so that a DPIA is required. */
  const answerDpiaRequired = async (id: string) => {
    const preview = cardIn(await h.teams.act(owner, 'dpia.answer', { id, ...answers() }));
    cardIn(await h.teams.act(owner, 'dpia.confirm', dataOf(preview, 'dpia.confirm')));
  };
  /** The screenings the owner has been reminded of, one entry per reminder. */
  const remindedOf = (system: string) =>
    h.connector
      .sentTo(TeamsClient.personalChat(owner))
      .map((activity) => cardOf(activity))
      .filter((card) => cardTexts(card).includes(`Påmindelse: DPIA-screeningen af ${system} er ikke besvaret`))
      .map((card) => String(dataOf(card, 'dpia.view').id));
  const openDpiasOnRegister = async () =>
    cardActions(cardIn(await h.teams.act(coordinator, 'system.list', { view: 'all' })))
      .filter((action) => action.verb === 'dpia.view')
      .map((action) => String(action.data.id));
  const sweepAfterFiveDays = async () => {
    clock.advance(5 * DAY + 2 * 3_600_000);
    await h.bot.scheduler.tick();
  };

  it('is skipped by reminders and the open DPIAs even when its index rows were written before the fix', async () => {
    const repo = new TableScreeningRepository(h.bot.tables.client('Screenings'), h.bot.tables.client('ScreeningIndex'));
    const unansweredSystem = await registerSystem('Nemrefusion');
    const unanswered = await startScreening(unansweredSystem);
    const answeredSystem = await registerSystem('Momentum');
    const answered = await startScreening(answeredSystem);
    await answerDpiaRequired(answered);
    const successor = await startScreening(unansweredSystem);
    await startScreening(answeredSystem);
    // Storing the replaced screenings again writes their index rows as the bot did before the fix.
    for (const id of [unanswered, answered]) {
      const stored = await repo.get(id);
      await repo.update(stored!.screening, stored!.etag);
    }

    expect(await openDpiasOnRegister()).toEqual([]);
    await sweepAfterFiveDays();
    expect(remindedOf('Nemrefusion')).toEqual([successor]);
  });

  it('is no longer reminded, and its required DPIA no longer counts as open', async () => {
    clock.set('2026-12-20T09:00:00Z');
    const elevplan = await registerSystem('Elevplan');
    const unanswered = await startScreening(elevplan);
    const skoletube = await registerSystem('Skoletube');
    const answered = await startScreening(skoletube);
    await answerDpiaRequired(answered);
    expect(await openDpiasOnRegister()).toEqual([answered]);

    await sweepAfterFiveDays();
    expect(remindedOf('Elevplan')).toEqual([unanswered]);

    // The coordinator starts new screenings of both systems; the old ones can no longer be answered or recorded.
    const successor = await startScreening(elevplan);
    const answeredSuccessor = await startScreening(skoletube);
    expect(await openDpiasOnRegister()).toEqual([]);
    await answerDpiaRequired(answeredSuccessor);
    expect(await openDpiasOnRegister()).toEqual([answeredSuccessor]);

    // Five days on, the owner is reminded of the new screening only, not again of the one it replaced.
    await sweepAfterFiveDays();
    expect(remindedOf('Elevplan')).toEqual([unanswered, successor]);

    // Recording the replaced screening's DPIA done by a crafted request is refused as well.
    const crafted = await h.teams.act(coordinator, 'dpia.done', {
      id: answered,
      doneDate: '2026-12-20',
      doneLink: 'https://intranet.egedal.dk/dpia/skoletube',
    });
    expect(JSON.stringify(crafted.body?.value)).toContain(da.dpia.errors.superseded);
    const view = (await h.teams.act(coordinator, 'dpia.view', { id: answered })).body?.value;
    expect(JSON.stringify(view)).not.toContain('Konsekvensanalysen er udført');
  });

  it('is not counted as a DPIA pending in the quarterly review', async () => {
    clock.set('2027-01-04T08:00:30Z');
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    const review = h.connector
      .sentTo(channel)
      .map(cardOf)
      .find((card) => card.refresh?.action?.verb === 'review.refresh');
    const facts = review?.body.find((element: { type: string }) => element.type === 'FactSet').facts;
    // Of the three screenings that found a DPIA required above, only Skoletube's newest can still be recorded done.
    expect(facts).toEqual(expect.arrayContaining([{ title: da.reviews.facts.dpias, value: '1' }]));
  });
});
