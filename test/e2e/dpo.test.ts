import { da } from '../../src/i18n/catalogs';
import { dpoRecipients } from '../../src/features/access/dpo';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { numberOn, submitReport } from '../support/incidents';
import { newUser, startHarness, TeamsClient, type Harness } from '../support/harness';
import { answersRequiringDpia } from '../support/screenings';

const verbsOn = (card: Record<string, any>) => cardActions(card).map((action) => action.verb);

/** #16 item 8: the data protection officer (GDPR art. 37–39) is told of breaches and screenings, sees them and advises. */
describe('the data protection officer (DPO)', () => {
  const coordinator = newUser('Mette Kjær');
  const dpo = newUser('Karen Lund');
  const employee = newUser('Sofie Jensen');
  const owner = newUser('Lise Holm');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await h.registerChannel('coordinator');
    await new TableRoleRepository(h.bot.tables.client('Roles')).grant(dpo.aadObjectId, 'dpo', 'test');
    await h.teams.say(dpo, 'hjælp'); // the DPO has a personal chat with the bot
    await h.teams.say(owner, 'hjælp');
  });
  afterAll(() => h.close());

  const toDpo = () => h.connector.sentTo(TeamsClient.personalChat(dpo)).map(cardOf);
  const noticeFor = (number: string) =>
    h.connector.waitFor(
      (call) =>
        call.conversationId === TeamsClient.personalChat(dpo) &&
        cardTexts(cardOf(call.activity)).includes(`Brud på persondatasikkerheden: ${number}`),
    );

  it('is a role with its Danish name, and its recipients are the DPOs with a personal chat', async () => {
    expect(da.roles.names.dpo).toBe('Databeskyttelsesrådgiver (DPO)');
    const chats = await dpoRecipients({
      roles: new TableRoleRepository(h.bot.tables.client('Roles')),
      conversations: h.bot.conversations,
    });
    expect(chats.map((chat) => chat.conversationId)).toEqual([TeamsClient.personalChat(dpo)]);
  });

  it('is told of a breach at once, opens it read-only and gives advice the coordinator sees in the history', async () => {
    const number = numberOn(await submitReport(h.teams, employee));
    const notice = cardOf((await noticeFor(number)).activity);
    expect(cardTexts(notice).join('\n')).toContain('Fristen for anmeldelse til Datatilsynet er');
    expect(verbsOn(notice)).toEqual(['incident.dpo.view']);

    const view = cardIn(await h.teams.press(dpo, cardActions(notice)[0]));
    expect(cardTexts(view)).toEqual(
      expect.arrayContaining([`Brud på persondatasikkerheden: ${number}`, da.dpo.breach.decisionPending]),
    );
    // Read-only: no triage, no decision; only the advice.
    expect(verbsOn(view)).toEqual(['incident.dpo.advice', 'incident.breach.record', 'help.menu']);

    const empty = cardIn(
      await h.teams.act(dpo, 'incident.dpo.advice', { ...dataOf(view, 'incident.dpo.advice'), advice: '' }),
    );
    expect(cardTexts(empty)).toContain(da.dpo.breach.adviceRequired);

    const advice = 'Anmeld bruddet: CPR-numre og ukendt modtager giver en risiko for de registrerede.';
    const saved = cardIn(
      await h.teams.act(dpo, 'incident.dpo.advice', { ...dataOf(view, 'incident.dpo.advice'), advice }),
    );
    expect(cardTexts(saved)).toEqual(expect.arrayContaining([da.dpo.breach.adviceSaved, advice]));

    // The same card again (an older version): nothing saved twice, the advice kept on the card.
    const again = cardIn(
      await h.teams.act(dpo, 'incident.dpo.advice', { ...dataOf(view, 'incident.dpo.advice'), advice: 'Andet råd' }),
    );
    expect(cardTexts(again)).toContain(da.dpo.breach.changed);
    expect(JSON.stringify(again)).toContain('Andet råd');

    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage).join('\n')).toContain(`Karen Lund · ${da.incidents.triage.actions.dpoAdvice}`);
    expect(cardTexts(triage)).toContain(` – ${advice}`);
    expect(cardTexts(triage)).not.toContain(' – Andet råd');
  });

  it('sees breaches only; nobody else opens the DPO view', async () => {
    const general = numberOn(
      await submitReport(h.teams, employee, { kind: 'general', personalData: 'no', personalDataKinds: '' }),
    );
    expect((await h.teams.act(dpo, 'incident.dpo.view', { number: general })).body?.value).toBe(
      da.common.errorNotFound,
    );
    expect((await h.teams.act(dpo, 'incident.view', { number: general })).body?.value).toBe(da.common.errorNotFound);

    const breach = numberOn(await submitReport(h.teams, employee));
    for (const user of [employee, coordinator]) {
      const answer = await h.teams.act(user, 'incident.dpo.view', { number: breach });
      expect(answer.body?.value).toBe(da.common.errorForbidden);
    }
    const refused = await h.teams.act(employee, 'incident.dpo.advice', { number: breach, version: 1, advice: 'x' });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
  });

  it('is told when the coordinator marks an incident as a breach', async () => {
    const number = numberOn(
      await submitReport(h.teams, employee, { kind: 'general', personalData: 'no', personalDataKinds: '' }),
    );
    expect(toDpo().some((card) => cardTexts(card).includes(`Brud på persondatasikkerheden: ${number}`))).toBe(false);
    await h.teams.act(coordinator, 'incident.triage', { number, version: 1, isBreach: 'true' });
    await noticeFor(number);
  });

  it('is told every DPIA screening outcome, sees the screening and gives advice kept on it', async () => {
    const system = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name: 'Elevplan',
        purpose: 'Elevadministration',
        supplier: 'Leverandør A/S',
        owner: owner.aadObjectId,
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    const started = cardIn(
      await h.teams.act(coordinator, 'dpia.start', { id: dataOf(system, 'system.classify').id, trigger: 'new' }),
    );
    const id = String(dataOf(started, 'dpia.view').id);
    const preview = cardIn(
      await h.teams.act(owner, 'dpia.answer', {
        id,
        ...answersRequiringDpia,
      }),
    );
    await h.teams.act(owner, 'dpia.confirm', dataOf(preview, 'dpia.confirm'));
    const notice = cardOf(
      (
        await h.connector.waitFor(
          (call) =>
            call.conversationId === TeamsClient.personalChat(dpo) &&
            cardTexts(cardOf(call.activity)).includes('DPIA-screening besvaret: Elevplan'),
        )
      ).activity,
    );
    expect(cardTexts(notice).join('\n')).toContain(da.dpia.outcome.outcomes.dpiaRequired);

    const view = cardIn(await h.teams.press(dpo, cardActions(notice)[0]));
    expect(cardTexts(view)).toContain(da.dpia.outcome.outcomes.dpiaRequired);
    expect(verbsOn(view)).toEqual(['dpia.advice', 'help.menu']);

    const advice = 'Inddrag skolernes ledelse i konsekvensanalysen.';
    const action = dataOf(view, 'dpia.advice');
    const saved = cardIn(await h.teams.act(dpo, 'dpia.advice', { ...action, advice }));
    expect(cardTexts(saved)).toEqual(expect.arrayContaining([da.dpo.screening.adviceSaved, advice]));
    // A double click (same card) keeps it once.
    await h.teams.act(dpo, 'dpia.advice', { ...action, advice });
    const coordinatorView = cardIn(await h.teams.act(coordinator, 'dpia.view', { id }));
    expect(cardTexts(coordinatorView).filter((text) => text === advice)).toHaveLength(1);
    expect(verbsOn(coordinatorView)).not.toContain('dpia.advice');

    // Only the DPO gives advice, whatever the card sent.
    const refused = await h.teams.act(coordinator, 'dpia.advice', { id, advice: 'Mit råd' });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
  });
});
