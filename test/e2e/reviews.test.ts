import { da, en } from '../../src/i18n/catalogs';
import { systemClock } from '../../src/clock';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TeamsChannel } from '../support/harness';
import { failNextCall } from '../support/fault-storage';
import { submitReport } from '../support/incidents';

const DAY = 86_400_000;
const TEAM = '19:team@thread.tacv2';

describe('the quarterly risk review is posted, recorded and reminded by the scheduler (P6)', () => {
  // Friday 1 January 2027 is a holiday: the first working day of the quarter is Monday 4 January.
  const clock = new ManualClock(new Date('2026-12-30T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const englishCoordinator = newUser('Jane Doe', 'en-US');
  let h: Harness;
  let coordinatorChannel: TeamsChannel;
  let managementChannel: TeamsChannel;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator, englishCoordinator], clock });
    await new TableRoleRepository(h.bot.tables.client('Roles')).grant(manager.aadObjectId, 'management', 'test');
    coordinatorChannel = { id: await h.registerChannel('coordinator'), teamId: TEAM };
    managementChannel = { id: await h.registerChannel('management'), teamId: TEAM };
  });
  afterAll(() => h.close());

  const reviewCards = (channel: TeamsChannel) =>
    h.connector
      .sentTo(channel.id)
      .map(cardOf)
      .filter((card) => card.refresh?.action?.verb === 'review.refresh');

  it('posts what is due to the coordinator and management channels once, and records the review as held', async () => {
    // Before the quarter's first post, a manager asking gets this quarter's review, never "not due yet".
    await h.teams.say(manager, 'gennemgang');
    const [current] = h.connector.sentTo(TeamsClient.personalChat(manager)).map(cardOf);
    expect(cardTexts(current)).toEqual(
      expect.arrayContaining([
        'Kvartalsvis risikogennemgang – 4. kvartal 2026',
        'Afventer gennemgang (forfalden 01.10.2026)',
      ]),
    );
    await submitReport(h.teams, newUser('Sofie Jensen'));
    // A system registered without a risk assessment (the system register's feature, P4) is due at once.
    const saved = await h.teams.act(coordinator, 'system.save', {
      name: 'KMD Nexus',
      purpose: 'Omsorgsjournal i ældreplejen',
      supplier: 'KMD A/S',
      owner: manager.aadObjectId,
      plan: 'https://intranet.kommune.dk/beredskab/nexus',
      personalData: 'yes',
      personalDataKinds: 'sensitive,cpr',
    });
    expect(saved.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    clock.set('2027-01-04T07:59:00Z');
    await h.bot.scheduler.tick();
    expect(reviewCards(coordinatorChannel)).toHaveLength(0);

    clock.set('2027-01-04T08:00:30Z');
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    const [posted] = reviewCards(managementChannel);
    expect(reviewCards(coordinatorChannel)).toHaveLength(1);
    expect(reviewCards(managementChannel)).toHaveLength(1);
    expect(cardTexts(posted)).toEqual(
      expect.arrayContaining([
        'Kvartalsvis risikogennemgang – 1. kvartal 2027',
        'Afventer gennemgang (forfalden 04.01.2027)',
        '1 (kritisk 0, høj 0, mellem 0, lav 0, ikke vurderet 1)',
      ]),
    );
    const facts = posted.body.find((element: { type: string }) => element.type === 'FactSet').facts;
    expect(facts).toEqual(
      expect.arrayContaining([
        { title: da.reviews.facts.breaches, value: '1' },
        // Discovered 27.11.2026 08:15: the 72 hours ended 30.11, with nothing recorded (P3).
        { title: da.reviews.facts.overdueNotifications, value: '1' },
        { title: da.reviews.facts.systems, value: '1' },
        { title: da.reviews.facts.dpias, value: '0' },
      ]),
    );
    expect(cardTexts(posted)).toEqual(
      expect.arrayContaining([
        da.reviews.card.overdueHeading,
        expect.stringMatching(/^HÆN-\d{4}-\d{4} · anmeldelse til Datatilsynet · frist 30\.11\.2026 kl\. 08:15$/),
      ]),
    );
    expect(cardActions(posted)).toEqual([]);
    expect(posted.refresh.userIds).toEqual(expect.arrayContaining([`8:orgid:${manager.aadObjectId}`]));

    const managerView = await h.teams.act(
      manager,
      'review.refresh',
      { quarter: '2027-Q1' },
      { channel: managementChannel },
    );
    expect(cardActions(managerView.body?.value)).toEqual([]);
    const refused = await h.teams.act(manager, 'review.done', { quarter: '2027-Q1' }, { channel: managementChannel });
    expect(refused.body?.value).toBe(da.common.errorForbidden);

    const coordinatorView = await h.teams.act(coordinator, 'review.refresh', { quarter: '2027-Q1' });
    expect(cardActions(coordinatorView.body?.value).map((action) => action.verb)).toEqual(['review.done']);
    const future = await h.teams.act(coordinator, 'review.done', { quarter: '2027-Q1', heldOn: '2027-02-01' });
    expect(cardTexts(future.body?.value)).toContain(da.reviews.errors.date);

    const done = await h.teams.act(
      coordinator,
      'review.done',
      { quarter: '2027-Q1', heldOn: '2027-01-04', notes: 'Gennemgået med ledergruppen.' },
      { channel: managementChannel, replyToId: 'review-card-q1' },
    );
    const doneTexts = cardTexts(done.body?.value);
    expect(doneTexts).toEqual(
      expect.arrayContaining([
        da.reviews.card.recorded,
        da.reviews.card.done,
        'Afholdt 04.01.2027, registreret af Mette Kjær 04.01.2027 kl. 09:00.',
        'Gennemgået med ledergruppen.',
      ]),
    );
    expect(cardActions(done.body?.value)).toEqual([]);
    const update = h.connector.calls.find((call) => call.method === 'PUT' && call.activityId === 'review-card-q1');
    expect(cardTexts(cardOf(update?.activity))).toContain(da.reviews.card.done);
    const again = await h.teams.act(coordinator, 'review.done', { quarter: '2027-Q1', notes: 'Igen' });
    expect(cardTexts(again.body?.value)).toEqual(
      expect.arrayContaining([da.reviews.card.outdated, 'Gennemgået med ledergruppen.']),
    );

    // A review recorded as held is not reminded.
    clock.advance(8 * DAY);
    await h.bot.scheduler.tick();
    expect(reviewCards(coordinatorChannel)).toHaveLength(1);
  });

  it('reminds again, once per channel, when the review is not recorded within the configured days', async () => {
    clock.set('2027-04-01T07:00:30Z');
    await h.bot.scheduler.tick();
    expect(reviewCards(managementChannel)).toHaveLength(2);
    clock.set('2027-04-08T07:00:30Z');
    await Promise.all([h.bot.scheduler.tick(), h.bot.scheduler.tick()]);
    await h.bot.scheduler.tick();
    const cards = reviewCards(managementChannel);
    expect(cards).toHaveLength(3);
    expect(reviewCards(coordinatorChannel)).toHaveLength(3);
    expect(cardTexts(cards[2])).toEqual(
      expect.arrayContaining(['Kvartalsvis risikogennemgang – 2. kvartal 2027', da.reviews.card.reminder]),
    );

    // The annual approval prompt (P7, first working day of March by default) ran late at the same
    // restart, once per channel, and is repeated weekly until the assessment is approved.
    const annual = h.connector
      .sentTo(managementChannel.id)
      .map(cardOf)
      .filter((card) => cardTexts(card).includes('Årlig godkendelse af den samlede risikovurdering 2027'));
    expect(annual).toHaveLength(2);
    expect(cardTexts(annual[0])).toContain(da.reviews.card.late);
    expect(cardTexts(annual[1])).toContain('Påmindelse: den samlede risikovurdering for 2027 er endnu ikke godkendt.');

    await h.teams.say(englishCoordinator, 'review');
    const [mine] = h.connector.sentTo(TeamsClient.personalChat(englishCoordinator)).map(cardOf);
    expect(cardTexts(mine)).toContain('Quarterly risk review – Q2 2027');
    const english = await h.teams.act(englishCoordinator, 'review.refresh', { quarter: '2027-Q2' });
    expect(cardTexts(english.body?.value)).toEqual(
      expect.arrayContaining([
        'Quarterly risk review – Q2 2027',
        'Awaiting review (due 1 Apr 2027)',
        en.reviews.card.record,
      ]),
    );
  });

  it('after downtime posts one late review instead of a burst of missed reminders', async () => {
    clock.set('2027-07-20T10:00:00Z');
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    const cards = reviewCards(managementChannel);
    const q3 = cards.filter((card) => cardTexts(card).includes('Kvartalsvis risikogennemgang – 3. kvartal 2027'));
    expect(q3).toHaveLength(1);
    expect(cardTexts(q3[0])).toContain(da.reviews.card.late);
    // The second quarter's reminders stopped when the third quarter fell due.
    expect(
      cards.filter((card) => cardTexts(card).includes('Kvartalsvis risikogennemgang – 2. kvartal 2027')).length,
    ).toBeLessThanOrEqual(3);
  });

  it('asks the coordinator to try again when the audit record cannot be written, and the retry records it once', async () => {
    const record = { quarter: '2027-Q3', heldOn: '2027-07-20', notes: 'Holdt på ledermødet.' };
    failNextCall(h.bot.tables.client('Audit'), 'submitTransaction');
    const failed = await h.teams.act(coordinator, 'review.done', record);
    expect(failed.body?.value).toBe(da.common.errorStorage);

    const retried = await h.teams.act(coordinator, 'review.done', record);
    expect(cardTexts(retried.body?.value)).toEqual(
      expect.arrayContaining([da.reviews.card.recorded, da.reviews.card.done, 'Holdt på ledermødet.']),
    );
    const again = await h.teams.act(coordinator, 'review.done', record);
    expect(cardTexts(again.body?.value)).toContain(da.reviews.card.outdated);

    const audit = new TableAuditLog(h.bot.tables.client('Audit'), systemClock);
    const done = (await audit.read('reviews')).filter((entry) => entry.subject === '2027-Q3');
    expect(done.map((entry) => [entry.action, entry.actor, entry.details])).toEqual([
      ['review.done', coordinator.aadObjectId, { heldOn: '2027-07-20', notes: 'Holdt på ledermødet.' }],
    ]);
    expect((await audit.verify()).breaks).toEqual([]);
  });
});
