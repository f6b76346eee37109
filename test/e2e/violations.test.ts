import { da, en } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { systemClock } from '../../src/clock';
import { ANONYMISED } from '../../src/features/retention/rules';
import { runRetention } from '../../src/features/retention/run';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableRetentionStore } from '../../src/storage/retention-store';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { TableViolationRepository } from '../../src/storage/violation-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { failNextCall } from '../support/fault-storage';
import { newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

/**
 * P11: a coordinator refers a person's violation of the policy to the HR lead, who alone (with the
 * referring coordinator) sees it and records the decision once. Over HTTP, as Teams sends it.
 */
describe('violation referrals (P11)', () => {
  let h: Harness;
  const coordinator = newUser('Mette Kjær');
  const otherCoordinator = newUser('Lars Holm');
  const hrLead = newUser('Hanne Rask');
  const employee = newUser('Sofie Jensen');

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator, otherCoordinator] });
    await grant(h, hrLead.aadObjectId, 'hr');
  });
  afterAll(() => h.close());

  const refer = (user: TestUser, data: Record<string, unknown>) => h.teams.act(user, 'violation.submit', data);
  const idOn = (card: unknown): string => {
    const view = cardActions(card).find(
      (action) => action.verb === 'violation.view' || action.verb === 'violation.decide',
    );
    return String(view?.data.id ?? '');
  };

  it('tells the HR lead in their chat, shows the referral only to the HR lead and the referrer, and is decided once', async () => {
    await h.teams.say(hrLead, 'hjælp'); // the HR lead has a personal chat with the bot
    h.connector.clear();

    const form = await h.teams.act(coordinator, 'violation.new');
    expect(cardTexts(form.body?.value)).toContain(da.violations.form.title);

    const answer = await refer(coordinator, {
      person: 'jens.hansen@egedal.dk',
      what: 'Delte sin adgangskode med en vikar.',
      incidentNumber: 'hæn-2026-42',
    });
    const saved = cardTexts(answer.body?.value);
    expect(saved.join(' ')).toContain(da.violations.detail.hrNotified);
    expect(saved).toContain('HÆN-2026-0042');

    const [notice] = h.connector.sentTo(TeamsClient.personalChat(hrLead));
    const noticeCard = cardOf(notice);
    expect(cardTexts(noticeCard)).toContain(da.violations.notice.title);
    // The notice carries no content: the HR lead opens the referral.
    expect(JSON.stringify(noticeCard)).not.toContain('jens.hansen');
    const id = idOn(noticeCard);

    const opened = await h.teams.act(hrLead, 'violation.view', { id });
    expect(cardTexts(opened.body?.value)).toContain('jens.hansen@egedal.dk');
    expect(cardActions(opened.body?.value).map((action) => action.verb)).toContain('violation.decide');

    // Another coordinator and an employee are told it does not exist / they have no access.
    const other = await h.teams.act(otherCoordinator, 'violation.view', { id });
    expect(other.body?.value).toBe(da.common.errorNotFound);
    expect((await h.teams.act(employee, 'violation.view', { id })).body?.value).toBe(da.common.errorForbidden);
    const otherList = await h.teams.act(otherCoordinator, 'violation.list');
    expect(cardTexts(otherList.body?.value)).not.toContain('jens.hansen@egedal.dk');
    const ownList = await h.teams.act(coordinator, 'violation.list');
    expect(cardTexts(ownList.body?.value)).toContain('jens.hansen@egedal.dk');

    // The referring coordinator cannot decide; the HR lead decides once.
    expect(
      (await h.teams.act(coordinator, 'violation.decide', { id, decision: 'x', decisionDate: '2026-11-29' })).body
        ?.value,
    ).toBe(da.common.errorForbidden);
    const decided = await h.teams.act(hrLead, 'violation.decide', {
      id,
      decision: 'Skriftlig advarsel.',
      decisionDate: '2026-11-28',
    });
    const decidedTexts = cardTexts(decided.body?.value);
    expect(decidedTexts).toContain(da.violations.detail.decisionSaved);
    expect(decidedTexts).toContain('Skriftlig advarsel.');
    expect(cardActions(decided.body?.value).map((action) => action.verb)).not.toContain('violation.decide');

    const again = await h.teams.act(hrLead, 'violation.decide', {
      id,
      decision: 'Bortvisning.',
      decisionDate: '2026-11-29',
    });
    expect(cardTexts(again.body?.value)).toContain(da.violations.detail.alreadyDecided);
    expect(cardTexts(again.body?.value)).toContain('Skriftlig advarsel.');
    expect(cardTexts(again.body?.value)).not.toContain('Bortvisning.');

    // The coordinator who referred it sees that and when HR decided, never the decision (P11).
    const seen = await h.teams.act(coordinator, 'violation.view', { id });
    expect(cardTexts(seen.body?.value)).toContain(
      'Afgjort af HR – afgørelsens dato 28.11.2026. Kun HR kan se afgørelsen.',
    );
    expect(JSON.stringify(seen.body?.value)).not.toContain('Skriftlig advarsel');

    // The audit log holds the facts (ids, who, when), never the content.
    const records = (await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('violations')).filter(
      (record) => record.subject === id,
    );
    expect(records.map((record) => record.action)).toEqual(['violation.referred', 'violation.decided']);
    const logged = JSON.stringify(records);
    for (const secret of ['jens.hansen', 'adgangskode', 'advarsel']) expect(logged).not.toContain(secret);
    expect((await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).verify()).breaks).toEqual([]);
  });

  it('asks to try again when the audit record cannot be written; the retry refers and decides once, each recorded once', async () => {
    await h.teams.say(hrLead, 'hjælp');
    h.connector.clear();
    const audit = () => new TableAuditLog(h.bot.tables.client('Audit'), systemClock);
    const draft = {
      draftId: '3f6a1d2e-8b4c-4e0f-9a7d-5c1b2e3f4a60',
      person: 'peter.olsen@egedal.dk',
      what: 'Tog patientjournaler med hjem på en USB-nøgle.',
    };

    failNextCall(h.bot.tables.client('Audit'), 'submitTransaction');
    expect((await refer(coordinator, draft)).body?.value).toBe(da.common.errorStorage);
    const retried = cardTexts((await refer(coordinator, draft)).body?.value).join(' ');
    expect(retried).toContain(da.violations.detail.hrNotified);
    const repeated = cardTexts((await refer(coordinator, draft)).body?.value).join(' ');
    expect(repeated).toContain(da.violations.detail.saved);
    expect(repeated).not.toContain(da.violations.detail.hrNotified);
    const notices = h.connector.sentTo(TeamsClient.personalChat(hrLead));
    expect(notices).toHaveLength(1);
    const id = idOn(cardOf(notices[0]));
    const mine = (await h.teams.act(coordinator, 'violation.list')).body?.value;
    expect(cardTexts(mine).filter((text) => text.includes('peter.olsen@egedal.dk'))).toHaveLength(1);

    const decision = { id, decision: 'Samtale med nærmeste leder.', decisionDate: '2026-11-30' };
    failNextCall(h.bot.tables.client('Audit'), 'submitTransaction');
    expect((await h.teams.act(hrLead, 'violation.decide', decision)).body?.value).toBe(da.common.errorStorage);
    const decided = await h.teams.act(hrLead, 'violation.decide', decision);
    expect(cardTexts(decided.body?.value)).toEqual(
      expect.arrayContaining([da.violations.detail.decisionSaved, 'Samtale med nærmeste leder.']),
    );

    const records = (await audit().read('violations')).filter((record) => record.subject === id);
    expect(records.map((record) => [record.action, record.actor])).toEqual([
      ['violation.referred', coordinator.aadObjectId],
      ['violation.decided', hrLead.aadObjectId],
    ]);
    expect((await audit().verify()).breaks).toEqual([]);
  });

  it('opens a referral anonymised by the retention run for the HR lead, saying so; the referrer no longer lists it', async () => {
    await h.teams.say(hrLead, 'hjælp');
    h.connector.clear();
    await refer(coordinator, { person: 'karen.lund@egedal.dk', what: 'Sendte borgersager til sin private mail.' });
    const id = idOn(cardOf(h.connector.sentTo(TeamsClient.personalChat(hrLead)).at(-1)));
    await h.teams.act(hrLead, 'violation.decide', { id, decision: 'Tjenstlig samtale.', decisionDate: '2026-11-29' });

    const { tables } = h.bot;
    const sixYearsOn = new Date(Date.now() + 6 * 366 * 24 * 3600 * 1000);
    const report = await runRetention({
      store: new TableRetentionStore(
        tables.client('Incidents'),
        new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex')),
        tables.client('Screenings'),
        new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex')),
        tables.client('Jobs'),
        new TableViolationRepository(tables.client('Violations')),
      ),
      audit: new TableAuditLog(tables.client('Audit'), systemClock),
      clock: { now: () => sixYearsOn },
      periods: { incidentYears: 5, screeningYears: 5, referralYears: 5 },
      dryRun: false,
    });
    expect(report.referrals.anonymised.map((item) => item.label)).toContain(`referral ${id}`);

    const opened = await h.teams.act(hrLead, 'violation.view', { id });
    const texts = cardTexts(opened.body?.value);
    expect(texts).toContain(da.violations.detail.anonymised);
    expect(texts).toContain(ANONYMISED);
    expect(texts.join(' ')).toContain(da.violations.detail.decisionTitle);
    expect(JSON.stringify(opened.body?.value)).not.toMatch(/karen|borgersager|Tjenstlig|Mette|Hanne/);
    expect(cardActions(opened.body?.value).map((action) => action.verb)).not.toContain('violation.decide');
    const english = await h.teams.act({ ...hrLead, locale: 'en-GB' }, 'violation.view', { id });
    expect(cardTexts(english.body?.value)).toContain(en.violations.detail.anonymised);

    const hrList = cardTexts((await h.teams.act(hrLead, 'violation.list')).body?.value);
    expect(hrList).toContain(ANONYMISED);
    expect(hrList.join(' ')).not.toContain('karen.lund');
    // The referrer's id is gone with the rest: their list and view no longer lead to it.
    const ownList = cardTexts((await h.teams.act(coordinator, 'violation.list')).body?.value);
    expect(ownList.join(' ')).not.toContain('karen.lund');
    expect((await h.teams.act(coordinator, 'violation.view', { id })).body?.value).toBe(da.common.errorNotFound);
  });

  it('tells the coordinator when no HR lead can be reached, and re-shows the form with errors', async () => {
    const lonely = await startHarness({ coordinators: [coordinator] });
    try {
      const invalid = await lonely.teams.act(coordinator, 'violation.submit', {
        person: '',
        what: '',
        incidentNumber: 'abc',
      });
      const texts = cardTexts(invalid.body?.value);
      expect(texts).toContain(da.violations.form.fixErrors);
      expect(texts).toContain(da.violations.errors.incidentNumber);

      const answer = await lonely.teams.act(coordinator, 'violation.submit', {
        person: 'Jens',
        what: 'Kopierede data.',
      });
      expect(cardTexts(answer.body?.value).join(' ')).toContain(da.violations.detail.hrNotNotified);
    } finally {
      await lonely.close();
    }
  });

  it('keeps referrals out of channels and answers in English', async () => {
    const channel = { id: '19:hr-test@thread.tacv2', teamId: '19:team@thread.tacv2' };
    const activity = h.teams.base(coordinator, channel.id, 'channel', undefined, channel);
    await (await h.teams.post({ ...activity, type: 'message', text: 'henvis overtrædelse' })).arrayBuffer();
    const inChannel = cardOf(h.connector.sentTo(`${channel.id};messageid=1700000000000`).at(-1));
    expect(cardTexts(inChannel)).toContain(da.violations.personalOnly);
    expect(cardTexts(inChannel)).not.toContain(da.violations.form.title);
    const english = { ...hrLead, locale: 'en-GB' };
    await h.teams.say(english, 'referrals');
    const card = cardOf(h.connector.sentTo(TeamsClient.personalChat(hrLead)).at(-1));
    expect(cardTexts(card)).toContain(en.violations.list.title);
  });

  it('pages the HR lead’s list 20 at a time, so every referral can be opened', async () => {
    for (let i = 0; i < 22; i++)
      await refer(coordinator, {
        person: `medarbejder${i}@egedal.dk`,
        what: 'Låste ikke skærmen.',
        incidentNumber: '',
      });
    const opened = (card: unknown) =>
      cardActions(card)
        .filter((action) => action.verb === 'violation.view')
        .map((action) => action.data.id);
    const first = (await h.teams.act(hrLead, 'violation.list')).body?.value;
    const total = Number(
      /af (\d+);/.exec(cardTexts(first).find((text) => text.startsWith('Viser 1–20 af')) ?? '')?.[1],
    );
    expect(total).toBeGreaterThanOrEqual(22);
    const pages = [opened(first)];
    let card = first;
    for (let next = cardActions(card).find((a) => a.title === da.violations.list.nextPage); next;) {
      card = (await h.teams.press(hrLead, next)).body?.value;
      pages.push(opened(card));
      next = cardActions(card).find((a) => a.title === da.violations.list.nextPage);
    }
    expect(pages.flat()).toHaveLength(total);
    expect(new Set(pages.flat()).size).toBe(total);
    const back = await h.teams.press(
      hrLead,
      cardActions(card).find((a) => a.title === da.violations.list.firstPage),
    );
    expect(opened(back.body?.value)).toEqual(pages[0]);
  });
});
