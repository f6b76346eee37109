import { da } from '../../src/i18n/catalogs';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { tenantDirectory } from '../support/connector';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

const DAY = 86_400_000;

/** P12 (#20 item 4): an approved policy version read and confirmed "Læst og forstået" by everyone in scope. */
describe('the policy, read and understood (P12)', () => {
  const clock = new ManualClock(new Date('2026-12-01T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const chair = newUser('Birgitte Holm');
  const employees = [newUser('Sofie Jensen'), newUser('Anders Lund')];
  const guest = newUser('Karl Konsulent');
  let h: Harness;
  let approvalId: string;

  const cardsTo = (user: TestUser) => h.connector.sentTo(TeamsClient.personalChat(user)).map(cardOf);
  const requestsTo = (user: TestUser) =>
    cardsTo(user).filter((card) => cardActions(card).some((action) => action.verb === 'awareness.confirm'));

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await new TableRoleRepository(h.bot.tables.client('Roles')).grant(chair.aadObjectId, 'steering', 'test');
    const steering = { id: await h.registerChannel('steering'), teamId: '19:team@thread.tacv2' };
    // A supplier's consultant, invited as a guest: Entra ID names them …#EXT#@….
    const member = tenantDirectory.get(guest.aadObjectId)!;
    tenantDirectory.set(guest.aadObjectId, {
      ...member,
      userPrincipalName: 'karl_konsulent.dk#EXT#@egedal.onmicrosoft.com',
    });
    for (const user of [coordinator, ...employees, guest]) await h.teams.install(user);
    await h.teams.act(coordinator, 'approval.submit', {
      kind: 'policyRevision',
      title: 'Informationssikkerhedspolitik',
      version: '1.2',
      link: 'https://intranet.kommune.dk/politik-1.2.pdf',
      summary: 'Nye regler for leverandører.',
    });
    const shared = cardOf(h.connector.sentTo(steering.id)[0]);
    approvalId = shared.refresh.action.data.id as string;
    await h.teams.act(chair, 'approval.approve', { id: approvalId, round: 1 }, { channel: steering });
  });
  afterAll(() => h.close());

  it("lets the coordinator ask everyone the bot knows, at the scheduler's pace, once each; the share is shown by group", async () => {
    const overview = await h.teams.act(coordinator, 'awareness.status');
    expect(cardTexts(overview.body?.value)).toEqual(
      expect.arrayContaining(['Informationssikkerhedspolitik, version 1.2', da.awareness.status.notStarted]),
    );
    const start = cardActions(overview.body?.value).find((action) => action.verb === 'awareness.start');
    expect(start?.data).toEqual({ approvalId });

    const started = await h.teams.act(coordinator, 'awareness.start', { approvalId });
    expect(cardTexts(started.body?.value)).toContain(da.awareness.status.sending);
    for (const user of employees) expect(requestsTo(user)).toHaveLength(0);

    await h.bot.scheduler.tick();
    for (const user of [coordinator, ...employees, guest]) {
      const [request] = requestsTo(user);
      expect(cardTexts(request)).toEqual(
        expect.arrayContaining([
          'Læs den nye version af informationssikkerhedspolitikken',
          da.awareness.request.confirm,
          da.awareness.request.open,
        ]),
      );
    }
    // The chair never opened a personal chat with the bot: nothing to send to.
    expect(h.connector.sentTo(TeamsClient.personalChat(chair))).toEqual([]);

    const campaignId = cardActions(requestsTo(employees[0]!)[0]).find((a) => a.verb === 'awareness.confirm')?.data
      .campaignId;
    const confirmed = await h.teams.act(employees[0]!, 'awareness.confirm', { campaignId });
    expect(cardTexts(confirmed.body?.value)).toContain(da.awareness.confirmed.title);

    // Pressed again, and the job run again: nobody is asked twice.
    await h.teams.act(coordinator, 'awareness.start', { approvalId });
    await h.bot.scheduler.tick();
    for (const user of [coordinator, ...employees, guest]) expect(requestsTo(user)).toHaveLength(1);

    const status = cardTexts((await h.teams.act(coordinator, 'awareness.status')).body?.value);
    expect(status).toEqual(
      expect.arrayContaining([
        da.awareness.status.all,
        '1 af 4 (25 %)',
        da.awareness.status.employee,
        '1 af 3 (33 %)',
        da.awareness.status.guest,
        '0 af 1 (0 %)',
      ]),
    );

    // One reminder after seven days, to those who have not confirmed; never a second.
    clock.advance(6 * DAY);
    await h.bot.scheduler.tick();
    expect(requestsTo(employees[1]!)).toHaveLength(1);
    clock.advance(DAY);
    await h.bot.scheduler.tick();
    const reminded = requestsTo(employees[1]!);
    expect(reminded).toHaveLength(2);
    expect(cardTexts(reminded[1])).toContain(da.awareness.request.reminder);
    expect(requestsTo(guest)).toHaveLength(2);
    expect(requestsTo(employees[0]!)).toHaveLength(1);
    clock.advance(7 * DAY);
    await h.bot.scheduler.tick();
    expect(requestsTo(employees[1]!)).toHaveLength(2);
  });

  it('asks someone who meets the bot later to read the current version at once', async () => {
    const newcomer = newUser('Nina Ny');
    await h.teams.install(newcomer);
    const [request] = requestsTo(newcomer);
    expect(cardTexts(request)).toContain('Læs den nye version af informationssikkerhedspolitikken');
    await h.teams.install(newcomer);
    expect(requestsTo(newcomer)).toHaveLength(1);
    const status = cardTexts((await h.teams.act(coordinator, 'awareness.status')).body?.value);
    expect(status).toContain('1 af 5 (20 %)');
  });

  it('refuses the start and the overview to anyone but the coordinator, and a confirmation of a campaign one was never asked in', async () => {
    const employee = employees[1]!;
    for (const [verb, data] of [
      ['awareness.start', { approvalId }],
      ['awareness.status', {}],
    ] as const) {
      const answer = await h.teams.act(employee, verb, data);
      expect(cardTexts(answer.body?.value).join(' ') + String(answer.body?.value)).toContain(da.common.errorForbidden);
    }
    const stranger = await h.teams.act(employee, 'awareness.confirm', { campaignId: `${approvalId}-r9` });
    expect(stranger.body?.value).toBe(da.common.errorNotFound);
    const notApproved = await h.teams.act(coordinator, 'awareness.start', {
      approvalId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    });
    expect(notApproved.body?.value).toBe(da.common.errorNotFound);
  });
});
