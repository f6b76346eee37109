import { cardActions, cardOf } from '../support/cards';
import { grant } from '../support/fault-records';
import { cardInputs, fillEveryInput, valuesNotKept } from '../support/forms';
import {
  ManualClock,
  newUser,
  startHarness,
  TeamsClient,
  type Harness,
  type InvokeAnswer,
  type TestUser,
} from '../support/harness';
import { numberOn, submitReport, validReport } from '../support/incidents';

/**
 * Every form of the product, submitted with one error: the card that comes back keeps every value
 * the person typed or chose, in every input (not only the one in error). A form answered with a
 * short message instead leaves the card, and what was typed in it, as it was in Teams.
 */
describe('a form re-shown after an error keeps every value typed or chosen', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  const employee = newUser('Sofie Jensen');
  const manager = newUser('Karen Dahl');
  const hrLead = newUser('Hanne Rask');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await h.registerChannel('coordinator');
    await h.registerChannel('management');
    await grant(h, manager.aadObjectId, 'management');
    await grant(h, hrLead.aadObjectId, 'hr');
    await h.teams.say(owner, 'hjælp');
  });
  afterAll(() => h.close());

  const cardIn = (answer: InvokeAnswer): Record<string, any> => {
    expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    return answer.body?.value;
  };
  const buttonOn = (card: unknown, verb: string, where: (data: Record<string, unknown>) => boolean = () => true) => {
    const action = cardActions(card).find((item) => item.verb === verb && where(item.data));
    if (!action) throw new Error(`no ${verb} button on the card`);
    return action;
  };
  /** The card a typed command answers with in the person's personal chat. */
  const commandCard = async (user: TestUser, text: string) => {
    h.connector.clear();
    await h.teams.say(user, text);
    return cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  };
  const incidentCard = async () => {
    const number = numberOn(await submitReport(h.teams, employee));
    return cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
  };
  const system = async () => {
    const card = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name: `Elevplan ${Math.random()}`,
        purpose: 'Elevadministration',
        supplier: 'Leverandør A/S',
        owner: owner.aadObjectId,
        plan: 'https://intranet.egedal.dk/beredskab',
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    return String(buttonOn(card, 'system.classify').data.id);
  };
  const proposed = async () => {
    const id = await system();
    const form = cardIn(await h.teams.act(coordinator, 'system.classify', { id }));
    const propose = buttonOn(form, 'system.classify');
    const answers = { lifeHealth: 'no', impact: 'shorterOutage', statutory: 'no', sensitive: 'no' };
    return cardIn(await h.teams.press(coordinator, propose, answers));
  };
  const screening = async () => {
    const id = await system();
    const started = cardIn(await h.teams.act(coordinator, 'dpia.start', { id, trigger: 'new' }));
    return String(buttonOn(started, 'dpia.view').data.id);
  };
  const approvalCard = async () => {
    const form = await commandCard(coordinator, 'godkendelse');
    const posted = await h.teams.press(
      coordinator,
      buttonOn(form, 'approval.submit'),
      fillEveryInput(form, { kind: 'majorChange', link: 'https://intranet.egedal.dk/risiko', material: 'false' }),
    );
    return String(cardIn(posted).refresh.action.data.id);
  };

  interface FormCase {
    /** Who fills the form in. */
    user: () => TestUser;
    /** The card holding the form, as that person sees it. */
    open: () => Promise<unknown>;
    /** The button pressed. */
    verb: string;
    which?: (data: Record<string, unknown>) => boolean;
    /** The values that matter (a valid one where text would not do, and the one error). */
    values: Record<string, string>;
  }

  const { draftId: _ignored, ...report } = validReport();
  const cases: Record<string, FormCase> = {
    'report an incident (a number of people that is no number)': {
      user: () => employee,
      open: async () => cardIn(await h.teams.act(employee, 'incident.new')),
      verb: 'incident.submit',
      values: { ...(report as Record<string, string>), affectedPeople: 'mange' },
    },
    'triage (a state that cannot follow)': {
      user: () => coordinator,
      open: async () => {
        const card = await incidentCard();
        return cardIn(await h.teams.press(coordinator, buttonOn(card, 'incident.triage'), { state: 'contained' }));
      },
      verb: 'incident.triage',
      values: { state: 'notAnIncident', severity: 'high', decision: '' },
    },
    'a remedial measure (no owner)': {
      user: () => coordinator,
      // The measures card of its own, opened from the triage card (#20).
      open: async () => cardIn(await h.teams.press(coordinator, buttonOn(await incidentCard(), 'incident.measures'))),
      verb: 'incident.measure.add',
      values: { measureOwner: '', measureOwnerPick: '', measureDue: '2026-12-01' },
    },
    'the breach decision (a notification without its date)': {
      user: () => coordinator,
      // The decision card of its own, opened from the triage card (#16).
      open: async () =>
        cardIn(await h.teams.press(coordinator, buttonOn(await incidentCard(), 'incident.breach.assess'))),
      verb: 'incident.breach.decision',
      values: { decision: 'notify', notifiedDate: '', notifiedTime: '14:30', subjectsInformed: 'yes' },
    },
    'the awareness time (in the future)': {
      user: () => coordinator,
      open: incidentCard,
      verb: 'incident.awareness',
      values: { awarenessDate: '2026-11-29', awarenessTime: '12:00', decision: '' },
    },
    'register a system (no name)': {
      user: () => coordinator,
      open: async () => cardIn(await h.teams.act(coordinator, 'system.new')),
      verb: 'system.save',
      values: { name: '', owner: owner.aadObjectId, plan: 'https://intranet.egedal.dk/plan', personalData: 'yes' },
    },
    'the criticality criteria (one unanswered)': {
      user: () => coordinator,
      open: proposed,
      verb: 'system.classify',
      values: { lifeHealth: '' },
    },
    'the category (another than proposed, without a reason)': {
      user: () => coordinator,
      open: proposed,
      verb: 'system.confirm',
      // Any category but the one proposed (the form fills that in): an override needs its reason.
      values: { overrideReason: '' },
    },
    'a risk assessment (dated in the future)': {
      user: () => coordinator,
      open: async () => cardIn(await h.teams.act(coordinator, 'system.view', { id: await system() })),
      verb: 'system.risk',
      values: { riskDate: '2027-05-01', riskLink: 'https://intranet.egedal.dk/risiko' },
    },
    'a major change (no description)': {
      user: () => coordinator,
      open: async () => cardIn(await h.teams.act(coordinator, 'system.view', { id: await system() })),
      verb: 'system.change',
      values: { changeDescription: '' },
    },
    'a DPIA screening (one question unanswered)': {
      user: () => owner,
      open: async () => cardIn(await h.teams.act(owner, 'dpia.view', { id: await screening() })),
      verb: 'dpia.answer',
      values: { highInherentRisk: '' },
    },
    'a DPIA recorded as done (dated in the future)': {
      user: () => coordinator,
      open: async () => {
        const id = await screening();
        const form = cardIn(await h.teams.act(owner, 'dpia.view', { id }));
        const answers = Object.fromEntries(
          cardInputs(form).map((input) => [input.id, input.type === 'Input.ChoiceSet' ? 'yes' : 'Elever']),
        );
        const preview = cardIn(await h.teams.press(owner, buttonOn(form, 'dpia.answer'), answers));
        await h.teams.press(owner, buttonOn(preview, 'dpia.confirm'));
        return cardIn(await h.teams.act(coordinator, 'dpia.view', { id }));
      },
      verb: 'dpia.done',
      values: { doneDate: '2027-02-01', doneLink: 'https://intranet.egedal.dk/dpia' },
    },
    'an approval submission (a link that is no link)': {
      user: () => coordinator,
      open: () => commandCard(coordinator, 'godkendelse'),
      verb: 'approval.submit',
      values: { kind: 'majorChange', link: 'ikke et link' },
    },
    'a request for changes (no comment)': {
      user: () => manager,
      open: async () => cardIn(await h.teams.act(manager, 'approval.refresh', { id: await approvalCard() })),
      verb: 'approval.requestChanges',
      values: { comment: '' },
    },
    'a resubmission after changes were asked for (a link that is no link)': {
      user: () => coordinator,
      open: async () => {
        const id = await approvalCard();
        const view = cardIn(await h.teams.act(manager, 'approval.refresh', { id }));
        await h.teams.press(manager, buttonOn(view, 'approval.requestChanges'), { comment: 'Tilføj bilag' });
        return cardIn(await h.teams.act(coordinator, 'approval.refresh', { id }));
      },
      verb: 'approval.resubmit',
      values: { link: 'ikke et link' },
    },
    'a role grant (nobody by that name)': {
      user: () => coordinator,
      open: () => commandCard(coordinator, 'roller'),
      verb: 'role.grant',
      values: { person: 'ikke en person', role: 'steering' },
    },
    'a violation referral (nothing said about what happened)': {
      user: () => coordinator,
      open: async () => cardIn(await h.teams.act(coordinator, 'violation.new')),
      verb: 'violation.submit',
      values: { person: 'jens.hansen@egedal.dk', what: '', incidentNumber: 'HÆN-2026-0001' },
    },
    'the HR decision (no decision text)': {
      user: () => hrLead,
      open: async () => {
        await h.teams.act(coordinator, 'violation.submit', { person: 'jens.hansen@egedal.dk', what: 'Delte kode' });
        const list = cardIn(await h.teams.act(hrLead, 'violation.list'));
        const { id } = buttonOn(list, 'violation.view').data;
        return cardIn(await h.teams.act(hrLead, 'violation.view', { id }));
      },
      verb: 'violation.decide',
      values: { decision: '', decisionDate: '2026-11-27' },
    },
    'the quarterly review (held in the future)': {
      user: () => coordinator,
      open: () => commandCard(coordinator, 'gennemgang'),
      verb: 'review.done',
      values: { heldOn: '2027-01-15' },
    },
    'the incident log export (to before from)': {
      user: () => coordinator,
      open: async () => cardIn(await h.teams.act(coordinator, 'incident.export')),
      verb: 'incident.export',
      values: { from: '2026-11-20', to: '2026-11-01' },
    },
  };

  it.each(Object.entries(cases))('%s', async (_name, form) => {
    const card = await form.open();
    const button = buttonOn(card, form.verb, form.which);
    const sent = fillEveryInput(card, form.values, form.verb);
    expect(Object.keys(sent).length).toBeGreaterThan(0);
    const answer = await h.teams.press(form.user(), button, sent);
    expect(answer.status).toBe(200);
    if (answer.body?.type === 'application/vnd.microsoft.activity.message') {
      // Teams shows the message and leaves the card as it was, with every value in it.
      expect(typeof answer.body.value).toBe('string');
      return;
    }
    const reshown = cardIn(answer);
    // An error is shown, and nothing of what was sent is lost.
    expect(JSON.stringify(reshown)).toContain('"color":"Attention"');
    expect(cardInputs(reshown).length).toBeGreaterThan(0);
    expect(valuesNotKept(sent, reshown)).toEqual({});
  });
});
