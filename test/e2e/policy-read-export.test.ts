import { parse } from 'csv-parse/sync';
import { da } from '../../src/i18n/catalogs';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { tenantDirectory } from '../support/connector';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

const DAY = 86_400_000;

/** P12 (#20 item 4): who confirmed a policy version, as CSV for the auditors, over a one-time link. */
describe('the read confirmations, exported for the auditors (P12, P10)', () => {
  const clock = new ManualClock(new Date('2026-12-01T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const chair = newUser('Birgitte Holm');
  // A name a spreadsheet would run as a formula, were it not neutralised.
  const reader = newUser('=HYPERLINK("http://x") Sofie');
  const slow = newUser('Anders Lund');
  const guest = newUser('Karl Konsulent');
  let h: Harness;
  let campaignId: string;

  const requestsTo = (user: TestUser) =>
    h.connector
      .sentTo(TeamsClient.personalChat(user))
      .map(cardOf)
      .filter((card) => cardActions(card).some((action) => action.verb === 'awareness.confirm'));
  const linkOn = (card: unknown): string => {
    const link = JSON.stringify(card).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    if (!link) throw new Error(`no download link on the card: ${cardTexts(card).join(' | ')}`);
    return link;
  };
  /** The export button on the coordinator's status card, pressed. */
  const exportCard = async (user: TestUser = coordinator) => {
    const status = (await h.teams.act(coordinator, 'awareness.status')).body?.value;
    const button = cardActions(status).find((action) => action.verb === 'awareness.export');
    if (!button) throw new Error('no export button on the status card');
    return (await h.teams.act(user, 'awareness.export', button.data)).body?.value;
  };

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await new TableRoleRepository(h.bot.tables.client('Roles')).grant(chair.aadObjectId, 'steering', 'test');
    const steering = { id: await h.registerChannel('steering'), teamId: '19:team@thread.tacv2' };
    const member = tenantDirectory.get(guest.aadObjectId)!;
    tenantDirectory.set(guest.aadObjectId, {
      ...member,
      userPrincipalName: 'karl_konsulent.dk#EXT#@egedal.onmicrosoft.com',
    });
    for (const user of [coordinator, reader, slow, guest]) await h.teams.install(user);
    await h.teams.act(coordinator, 'approval.submit', {
      kind: 'policyRevision',
      title: 'Informationssikkerhedspolitik',
      version: '1.2',
      link: 'https://intranet.kommune.dk/politik-1.2.pdf',
      summary: 'Nye regler for leverandører.',
    });
    const approvalId = cardOf(h.connector.sentTo(steering.id)[0]).refresh.action.data.id as string;
    await h.teams.act(chair, 'approval.approve', { id: approvalId, round: 1 }, { channel: steering });
    await h.teams.act(coordinator, 'awareness.start', { approvalId });
    await h.bot.scheduler.tick(); // asked 01.12 10:00 Danish time
    campaignId = cardActions(requestsTo(reader)[0]).find((a) => a.verb === 'awareness.confirm')?.data
      .campaignId as string;
    clock.advance(2 * 60 * 60_000);
    await h.teams.act(reader, 'awareness.confirm', { campaignId }); // 01.12 12:00
    clock.advance(7 * DAY);
    await h.bot.scheduler.tick(); // the reminder, 08.12 12:00
    clock.advance(DAY);
    await h.teams.act(guest, 'awareness.confirm', { campaignId }); // 09.12 12:00
  });
  afterAll(() => h.close());

  it("downloads once, as CSV with each person's row in Danish time, formulas neutralised", async () => {
    const card = await exportCard();
    expect(cardTexts(card)).toContain(da.awareness.export.title);
    const link = linkOn(card);
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { delimiter: ';', bom: true }) as string[][];
    const e = da.awareness.export;
    expect(rows[0]).toEqual([e.person, e.group, e.askedAt, e.remindedAt, e.confirmedAt]);
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        [`'=HYPERLINK("http://x") Sofie`, e.groups.employee, '2026-12-01 10:00', '', '2026-12-01 12:00'],
        // Named although they never confirmed: the name is taken from Teams when they are asked.
        ['Anders Lund', e.groups.employee, '2026-12-01 10:00', '2026-12-08 12:00', ''],
        ['Karl Konsulent', e.groups.guest, '2026-12-01 10:00', '2026-12-08 12:00', '2026-12-09 12:00'],
        ['Mette Kjær', e.groups.employee, '2026-12-01 10:00', '2026-12-08 12:00', ''],
      ]),
    );
    expect(rows).toHaveLength(5);

    const again = await fetch(link);
    expect(again.status).toBe(404);
    expect(await again.text()).toBe(da.incidents.export.linkGone);
  });

  it('refuses an expired link, anyone but the coordinator, and a link whose maker lost the role', async () => {
    const expired = linkOn(await exportCard());
    clock.advance(11 * 60_000);
    const late = await fetch(expired);
    expect(late.status).toBe(404);
    expect(await late.text()).toBe(da.incidents.export.linkGone);

    for (const user of [slow, guest, chair]) {
      const refused = await exportCard(user);
      expect(refused).toBe(da.common.errorForbidden);
    }

    const second = newUser('Lars Andersen');
    const roles = new TableRoleRepository(h.bot.tables.client('Roles'));
    await roles.grant(second.aadObjectId, 'coordinator', 'test');
    const link = linkOn(await exportCard(second));
    const revoked = await h.teams.act(coordinator, 'role.revoke', { userId: second.aadObjectId, role: 'coordinator' });
    expect(cardTexts(revoked.body?.value)).not.toContain(da.common.errorForbidden);
    expect((await roles.rolesOf(second.aadObjectId)).has('coordinator')).toBe(false);
    const forbidden = await fetch(link);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe(da.awareness.export.linkForbidden);
  });

  it('answers other methods with 405 and leaves the link usable', async () => {
    const link = linkOn(await exportCard());
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
      const odd = await fetch(link, { method });
      await odd.arrayBuffer();
      expect({ method, status: odd.status }).toEqual({ method, status: 405 });
    }
    const real = await fetch(link);
    expect(real.status).toBe(200);
  });
});
