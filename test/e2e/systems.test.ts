import { da, en } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import {
  ManualClock,
  newUser,
  startHarness,
  TeamsClient,
  type Harness,
  type InvokeAnswer,
  type TestUser,
  TENANT,
} from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const PLAN = 'https://intranet.egedal.dk/beredskab/nexus';

const systemForm = (owner: TestUser, overrides: Record<string, unknown> = {}) => ({
  name: 'KMD Nexus',
  purpose: 'Omsorgsjournal i ældreplejen og hjemmeplejen',
  supplier: 'KMD A/S',
  owner: owner.aadObjectId,
  plan: PLAN,
  personalData: 'yes',
  personalDataKinds: 'sensitive,cpr',
  ...overrides,
});

const textsOf = (answer: InvokeAnswer): string[] => cardTexts(cardIn(answer));
/** The data of the first button with this verb on the card. */

describe('system register, criticality and lists (P4, P8, P10)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  const employee = newUser('Sofie Jensen');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    channel = await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  const register = async (overrides: Record<string, unknown> = {}, by: TestUser = coordinator) => {
    const card = cardIn(await h.teams.act(by, 'system.save', systemForm(owner, overrides)));
    return { card, id: String(dataOf(card, 'system.classify').id) };
  };

  it('registers a system, proposes a category from the criteria and lets the coordinator override with a reason', async () => {
    const { card, id } = await register({ name: 'KMD Nexus' });
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining(['KMD Nexus', da.systems.detail.saved, da.systems.categories.unclassified]),
    );
    expect(cardTexts(card)).toContain(da.systems.detail.dueMissing);

    const form = cardIn(await h.teams.act(coordinator, 'system.classify', { id }));
    const version = dataOf(form, 'system.classify').version;
    const proposed = cardIn(
      await h.teams.act(coordinator, 'system.classify', {
        id,
        version,
        step: 'propose',
        lifeHealth: 'no',
        impact: 'shorterOutage',
        statutory: 'yes',
        sensitive: 'yes',
      }),
    );
    expect(cardTexts(proposed)).toEqual(
      expect.arrayContaining([
        'Forslag: Kritiske systemer',
        `• ${da.systems.criticality.reasons.statutoryAfterShorterOutage}`,
        `• ${da.systems.criticality.reasons.sensitivePersonalData}`,
      ]),
    );
    const confirm = dataOf(proposed, 'system.confirm');
    const noReason = cardIn(await h.teams.act(coordinator, 'system.confirm', { ...confirm, category: 'veryCritical' }));
    expect(cardTexts(noReason)).toContain(da.systems.errors.overrideReason);

    const confirmed = cardIn(
      await h.teams.act(coordinator, 'system.confirm', {
        ...confirm,
        category: 'veryCritical',
        overrideReason: 'Hjemmeplejen kan ikke køre uden journalen.',
      }),
    );
    expect(cardTexts(confirmed)).toEqual(
      expect.arrayContaining([
        'Kategori bekræftet: Meget kritiske systemer',
        da.systems.categories.veryCritical,
        'Hjemmeplejen kan ikke køre uden journalen.',
      ]),
    );
  });

  it('re-shows the form with the errors on bad input, nothing stored', async () => {
    const card = cardIn(
      await h.teams.act(
        coordinator,
        'system.save',
        systemForm(owner, { name: '', plan: 'intranet/plan', owner: 'ikke en person' }),
      ),
    );
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        da.systems.form.fixErrors,
        da.systems.errors.required,
        da.systems.errors.url,
        da.systems.errors.ownerNotInTeam,
      ]),
    );
    const duplicate = cardIn(await h.teams.act(coordinator, 'system.save', systemForm(owner, { name: 'kmd  NEXUS' })));
    expect(cardTexts(duplicate)).toContain(da.systems.errors.nameTaken);
  });

  it('answers a repeated save of the same new-system card with the system it stored, not "name taken"', async () => {
    const form = cardIn(await h.teams.act(coordinator, 'system.new'));
    const save = dataOf(form, 'system.save');
    const submit = () => h.teams.act(coordinator, 'system.save', { ...save, ...systemForm(owner, { name: 'Opus' }) });
    const answers = (await Promise.all([submit(), submit()])).map(cardIn);
    const ids = answers.map((card) => dataOf(card, 'system.classify').id);
    expect(ids[1]).toBe(ids[0]);
    const banners = answers.map((card) =>
      cardTexts(card).find((text) => text === da.systems.detail.saved || text === da.systems.detail.alreadyRegistered),
    );
    expect(banners.sort()).toEqual([da.systems.detail.alreadyRegistered, da.systems.detail.saved].sort());
    const again = cardIn(await submit());
    expect(cardTexts(again)).toEqual(expect.arrayContaining(['Opus', da.systems.detail.alreadyRegistered]));
    expect(dataOf(again, 'system.classify').id).toBe(ids[0]);
    const register = textsOf(await h.teams.act(coordinator, 'system.list', {}));
    expect(register.filter((text) => text === 'Opus')).toHaveLength(1);

    // The owner (a system owner now) registering the same name is refused, with a new draft or the coordinator's.
    for (const draftId of [
      dataOf(cardIn(await h.teams.act(owner, 'system.new')), 'system.save').draftId,
      save.draftId,
    ]) {
      const taken = cardIn(
        await h.teams.act(owner, 'system.save', { draftId, ...systemForm(owner, { name: 'Opus' }) }),
      );
      expect(cardTexts(taken)).toEqual(
        expect.arrayContaining([da.systems.form.fixErrors, da.systems.errors.nameTaken]),
      );
      expect(JSON.stringify(taken)).not.toContain(String(ids[0]));
    }
  });

  it('lists overdue risk assessments until one is recorded, and again after a major change', async () => {
    const { id } = await register({ name: 'Aula' });
    const due = async () => textsOf(await h.teams.act(coordinator, 'system.list', { view: 'due' }));
    expect(await due()).toContain('Aula');

    const view = cardIn(await h.teams.act(coordinator, 'system.view', { id }));
    const assessed = cardIn(
      await h.teams.act(coordinator, 'system.risk', {
        ...dataOf(view, 'system.risk'),
        riskDate: '2026-11-20',
        riskSummary: 'Gennemgået med leverandøren; adgangsstyring skærpet.',
      }),
    );
    expect(cardTexts(assessed)).toContain('Seneste risikovurdering: ');
    expect(cardTexts(assessed)).toContain(
      `20.11.2026 af Mette Kjær – Gennemgået med leverandøren; adgangsstyring skærpet.`,
    );
    expect(await due()).not.toContain('Aula');

    const changed = cardIn(
      await h.teams.act(owner, 'system.change', {
        ...dataOf(assessed, 'system.change'),
        changeArea: 'supplier',
        changeDescription: 'Ny leverandør overtager driften fra 1. januar.',
      }),
    );
    expect(cardTexts(changed)).toEqual(
      expect.arrayContaining([da.systems.detail.changeRecorded, 'Nu – væsentlig ændring 28.11.2026']),
    );
    expect(await due()).toContain('Aula');
    // The owner raised it: the coordinator channel is told, to decide on a new DPIA screening.
    const notice = await h.connector.waitFor(
      (call) => call.conversationId === channel && cardTexts(cardOf(call.activity)).includes('Væsentlig ændring: Aula'),
    );
    expect(cardTexts(cardOf(notice.activity))).toContain(
      'Lise Holm har registreret en væsentlig ændring (Leverandøren): Ny leverandør overtager driften fra 1. januar.',
    );
  });

  it('records a risk assessment dated today just after midnight Danish summer time, but not one dated tomorrow', async () => {
    clock.set('2026-06-09T22:30:00Z'); // 00:30 on 10 June in Denmark, still 9 June in UTC
    try {
      const { card } = await register({ name: 'Sundhedsjournal' });
      const assess = (riskDate: string) =>
        h.teams.act(coordinator, 'system.risk', {
          ...dataOf(card, 'system.risk'),
          riskDate,
          riskSummary: 'Gennemgået ved idriftsættelsen.',
        });
      expect(textsOf(await assess('2026-06-11'))).toContain(da.systems.errors.future);
      expect(textsOf(await assess('2026-06-10'))).toContain(
        '10.06.2026 af Mette Kjær – Gennemgået ved idriftsættelsen.',
      );
    } finally {
      clock.set('2026-11-28T09:00:00Z');
    }
  });

  it('answers an outdated card with the current one, never overwriting', async () => {
    const { card, id } = await register({ name: 'Outlook' });
    const stale = dataOf(card, 'system.risk');
    await h.teams.act(coordinator, 'system.risk', { ...stale, riskDate: '2026-11-01', riskSummary: 'Første' });
    const second = cardIn(
      await h.teams.act(coordinator, 'system.risk', { ...stale, riskDate: '2026-11-02', riskSummary: 'Anden' }),
    );
    expect(cardTexts(second)).toContain(da.common.errorConflict);
    const current = cardIn(await h.teams.act(coordinator, 'system.view', { id }));
    expect(cardTexts(current).join('\n')).toContain('Første');
    expect(cardTexts(current).join('\n')).not.toContain('Anden');
  });

  it('shows an employee without a role the names alone (no category), and nothing more on a direct request', async () => {
    await register({ name: 'SBSYS' });
    expect(await h.teams.say(employee, 'systemer')).toBe(200);
    const card = cardOf(h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    const texts = cardTexts(card);
    expect(texts).toEqual(expect.arrayContaining(['SBSYS', 'KMD Nexus', da.systems.list.namesNote]));
    for (const category of Object.values(da.systems.categories)) expect(texts).not.toContain(category);
    expect(texts.join('\n')).not.toContain('KMD A/S');
    expect(texts.join('\n')).not.toContain('Omsorgsjournal');
    expect(cardActions(card).filter((action) => action.verb === 'system.view')).toEqual([]);

    const { id } = await register({ name: 'Nexus Test' });
    const answer = await h.teams.act(employee, 'system.view', { id });
    expect(answer.body).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: da.common.errorNotFound,
    });
    const edit = await h.teams.act(employee, 'system.risk', {
      id,
      version: 1,
      riskDate: '2026-11-01',
      riskSummary: 'x',
    });
    expect(edit.body?.value).toBe(da.common.errorNotFound);
    const registerAttempt = await h.teams.act(employee, 'system.new');
    expect(registerAttempt.body?.value).toBe(da.common.errorForbidden);
  });

  it('answers "systemer" typed in a channel with the names alone, even for the coordinator', async () => {
    const channel = { id: '19:general@thread.tacv2', teamId: '19:team@thread.tacv2' };
    const activity = h.teams.base(coordinator, channel.id, 'channel', TENANT, channel);
    const response = await h.teams.post({ ...activity, type: 'message', text: 'systemer' });
    expect(response.status).toBe(200);
    const card = cardOf(h.connector.sentTo(activity.conversation.id).at(-1));
    expect(cardTexts(card)).toEqual(expect.arrayContaining(['KMD Nexus', da.systems.list.namesNote]));
    for (const category of Object.values(da.systems.categories)) expect(cardTexts(card)).not.toContain(category);
    expect(cardTexts(card).join('\n')).not.toContain('KMD A/S');
    expect(cardActions(card).map((action) => action.verb)).toEqual(['system.list', 'help.menu']);
  });

  it('gives the owner "mine systemer" with their own systems to open, and no one else\'s', async () => {
    expect(await h.teams.say(owner, 'mine systemer')).toBe(200);
    const card = cardOf(h.connector.sentTo(TeamsClient.personalChat(owner)).at(-1));
    expect(cardTexts(card)).toEqual(expect.arrayContaining(['KMD Nexus', 'Aula']));
    expect(cardActions(card).filter((action) => action.verb === 'system.view').length).toBeGreaterThan(1);
    const someoneElse = newUser('Jens Berg');
    const { id } = await register({ name: 'Jens system', owner: someoneElse.aadObjectId });
    expect((await h.teams.act(owner, 'system.view', { id })).body?.value).toBe(da.common.errorNotFound);
  });

  it('works in English', async () => {
    const english = newUser('Anna Berg', 'en-US');
    const h2 = await startHarness({ coordinators: [english], clock });
    try {
      const card = cardIn(await h2.teams.act(english, 'system.save', systemForm(owner, { name: 'Citrix' })));
      expect(cardTexts(card)).toEqual(expect.arrayContaining([en.systems.detail.saved, en.systems.detail.dueMissing]));
      const id = dataOf(card, 'system.classify').id;
      const proposed = cardIn(
        await h2.teams.act(english, 'system.classify', {
          id,
          version: dataOf(card, 'system.risk').version,
          step: 'propose',
          lifeHealth: 'yes',
          impact: 'none',
          statutory: 'no',
          sensitive: 'no',
        }),
      );
      expect(cardTexts(proposed)).toEqual(
        expect.arrayContaining(['Proposal: Life and death', `• ${en.systems.criticality.reasons.lifeAndHealth}`]),
      );
    } finally {
      await h2.close();
    }
  });

  it('offers registered systems on the report card and shows the system plan on triage (P2)', async () => {
    expect(await h.teams.say(employee, 'anmeld hændelse')).toBe(200);
    const reportForm = cardOf(h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    const choice = JSON.stringify(reportForm);
    expect(choice).toContain('"id":"systemName"');
    expect(cardTexts(reportForm)).toEqual(expect.arrayContaining(['KMD Nexus', 'Aula']));

    const number = numberOn(
      await submitReport(h.teams, employee, {
        kind: 'system',
        systemName: 'KMD Nexus',
        personalData: 'no',
        personalDataKinds: '',
      }),
    );
    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(JSON.stringify(triage)).toContain(PLAN);
  });

  it('lets an employee report an incident in a system that is not in the register, and says which field to use', async () => {
    expect(await h.teams.say(employee, 'anmeld hændelse')).toBe(200);
    const reportForm = cardOf(h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    expect(cardTexts(reportForm)).toContain(da.incidents.report.systemOtherLabel);

    const system = { kind: 'system', personalData: 'no', personalDataKinds: '' };
    const both = await submitReport(h.teams, employee, { ...system, systemName: 'Aula', systemOther: 'Skolens app' });
    expect(cardTexts(both.body?.value)).toContain(da.incidents.errors.systemChooseOne);
    // What was typed is still there for the employee to correct.
    expect(JSON.stringify(both.body?.value)).toContain('Skolens app');

    const number = numberOn(await submitReport(h.teams, employee, { ...system, systemOther: 'Skolens app' }));
    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage).some((text) => text.includes('Skolens app'))).toBe(true);
  });
});
