import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/clock';
import { da, en } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { emailOf, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

describe('roles are granted and revoked by a coordinator, and every change is logged (P10)', () => {
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const english = newUser('Peter Smith', 'en-US');
  const hrLead = newUser('Hanne Rask');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
  });
  afterAll(() => h.close());

  const label = (user: TestUser) => `${user.name} <${emailOf(user)}>`;
  const rolesOf = async (userId: string) => [
    ...(await new TableRoleRepository(h.bot.tables.client('Roles')).rolesOf(userId)),
  ];

  it('lists who holds which role, grants and revokes, and refuses everyone else', async () => {
    await h.teams.say(coordinator, 'roller');
    const [listed] = h.connector.sentTo(TeamsClient.personalChat(coordinator));
    const list = cardOf(listed);
    expect(cardTexts(list)).toEqual(
      expect.arrayContaining([da.roles.card.title, da.roles.names.coordinator, label(coordinator)]),
    );
    expect(cardActions(list).map((action) => action.verb)).toEqual(['role.revoke', 'role.grant']);

    const granted = await h.teams.act(coordinator, 'role.grant', { person: manager.aadObjectId, role: 'management' });
    expect(cardTexts(granted.body?.value)).toEqual(
      expect.arrayContaining([`${label(manager)} har nu rollen Ledergruppen.`, label(manager)]),
    );
    expect(await rolesOf(manager.aadObjectId)).toEqual(['management']);

    // A manager cannot grant themselves (or anyone) a role, whatever the card data says.
    const refused = await h.teams.act(manager, 'role.grant', { person: manager.aadObjectId, role: 'coordinator' });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
    const refusedRevoke = await h.teams.act(manager, 'role.revoke', {
      userId: coordinator.aadObjectId,
      role: 'coordinator',
    });
    expect(refusedRevoke.body?.value).toBe(da.common.errorForbidden);
    expect(await rolesOf(manager.aadObjectId)).toEqual(['management']);

    const revoked = await h.teams.act(coordinator, 'role.revoke', { userId: manager.aadObjectId, role: 'management' });
    expect(cardTexts(revoked.body?.value)).toContain(`Rollen Ledergruppen er fjernet fra ${label(manager)}.`);
    expect(await rolesOf(manager.aadObjectId)).toEqual([]);
  });

  it('grants by e-mail, resolved to the Entra object id through the team roster', async () => {
    // A roster endpoint as Teams answers GET /v3/conversations/{team}/members/{upn}.
    const seen: string[] = [];
    const roster = createServer((req, res) => {
      seen.push(decodeURIComponent(req.url ?? ''));
      const known = /\/members\/hr\.lead%40kommune\.dk$/i.test(req.url ?? '');
      res.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          known
            ? { id: '29:hr', name: 'Hanne Rask', aadObjectId: hrLead.aadObjectId, email: 'hr.lead@kommune.dk' }
            : { error: { code: 'NotFound' } },
        ),
      );
    });
    await new Promise<void>((resolve) => roster.listen(0, '127.0.0.1', resolve));
    try {
      const teams = new TeamsClient(h.bot.url, `http://127.0.0.1:${(roster.address() as AddressInfo).port}`);
      const channel = { id: '19:koordinator@thread.tacv2', teamId: '19:team@thread.tacv2' };
      const granted = await teams.act(
        coordinator,
        'role.grant',
        { person: 'HR.Lead@kommune.dk', role: 'hr' },
        { channel },
      );
      expect(cardTexts(granted.body?.value)).toEqual(
        expect.arrayContaining([
          'Hanne Rask <hr.lead@kommune.dk> har nu rollen Leder af HR.',
          'Hanne Rask <hr.lead@kommune.dk>',
        ]),
      );
      expect(seen.some((url) => url.endsWith('/members/hr.lead@kommune.dk'))).toBe(true);
      expect(await rolesOf(hrLead.aadObjectId)).toEqual(['hr']);
      await h.teams.act(coordinator, 'role.revoke', { userId: hrLead.aadObjectId, role: 'hr' });
    } finally {
      await new Promise((resolve) => roster.close(resolve));
    }
  });

  it('never revokes the last coordinator', async () => {
    const answer = await h.teams.act(coordinator, 'role.revoke', {
      userId: coordinator.aadObjectId,
      role: 'coordinator',
    });
    expect(cardTexts(answer.body?.value)).toContain(da.roles.errors.lastCoordinator);
    expect(await rolesOf(coordinator.aadObjectId)).toEqual(['coordinator']);
  });

  it('answers in English, and says so when an e-mail is not found in the team', async () => {
    await h.teams.act(coordinator, 'role.grant', { person: english.aadObjectId, role: 'coordinator' });
    const unknown = await h.teams.act(english, 'role.grant', { person: 'nobody@example.dk', role: 'hr' });
    expect(cardTexts(unknown.body?.value)).toEqual(
      expect.arrayContaining([en.roles.card.title, en.roles.errors.notInTeam]),
    );
    const invalid = await h.teams.act(english, 'role.grant', { person: ' ', role: 'hr' });
    expect(cardTexts(invalid.body?.value)).toContain(en.roles.errors.pickPerson);
    // With two coordinators, one may step down.
    const stepDown = await h.teams.act(english, 'role.revoke', { userId: english.aadObjectId, role: 'coordinator' });
    expect(cardTexts(stepDown.body?.value)).toContain(
      `The role Information security coordinator was revoked from ${label(english)}.`,
    );
  });

  it('records every grant and revoke in an intact hash chain', async () => {
    const channel = { id: '19:ledelse@thread.tacv2', teamId: '19:team@thread.tacv2' };
    await h.teams.act(coordinator, 'channel.assign', { purpose: 'management' }, { channel });
    const audit = new TableAuditLog(h.bot.tables.client('Audit'), systemClock);
    const records = await audit.read('access');
    expect(records.map((record) => [record.action, record.subject, record.details.role])).toEqual([
      ['role.granted', coordinator.aadObjectId, 'coordinator'],
      ['role.granted', manager.aadObjectId, 'management'],
      ['role.revoked', manager.aadObjectId, 'management'],
      ['role.granted', hrLead.aadObjectId, 'hr'],
      ['role.revoked', hrLead.aadObjectId, 'hr'],
      ['role.granted', english.aadObjectId, 'coordinator'],
      ['role.revoked', english.aadObjectId, 'coordinator'],
      ['channel.assigned', 'management', undefined],
    ]);
    expect(records.at(-1)?.details).toEqual({ conversationId: channel.id });
    expect(records.map((record) => record.actor)).toEqual([
      'configuration',
      coordinator.aadObjectId,
      coordinator.aadObjectId,
      coordinator.aadObjectId,
      coordinator.aadObjectId,
      coordinator.aadObjectId,
      english.aadObjectId,
      coordinator.aadObjectId,
    ]);
    expect((await audit.verify()).breaks).toEqual([]);
  });

  it('revokes through the form, for a holder too many to show on the card', async () => {
    await h.teams.act(coordinator, 'role.grant', { person: manager.aadObjectId, role: 'steering' });
    const revoked = await h.teams.act(coordinator, 'role.revoke', { person: manager.aadObjectId, role: 'steering' });
    expect(cardTexts(revoked.body?.value)).toContain(
      `Rollen Styregruppen i Sikker Myndighedsdrift er fjernet fra ${label(manager)}.`,
    );
    expect(await rolesOf(manager.aadObjectId)).toEqual([]);
  });

  it("revokes the role on the holder's row, whatever the grant form below holds", async () => {
    const granted = await h.teams.act(coordinator, 'role.grant', { person: manager.aadObjectId, role: 'management' });
    const row = cardActions(granted.body?.value).find(
      (action) => action.verb === 'role.revoke' && action.data.userId === manager.aadObjectId,
    );
    // The form's role drop-down still shows another role (or none): Teams sends it with a button unless told not to.
    const revoked = await h.teams.press(coordinator, row, { person: '', role: 'steering' });
    expect(cardTexts(revoked.body?.value)).toContain(`Rollen Ledergruppen er fjernet fra ${label(manager)}.`);
    expect(await rolesOf(manager.aadObjectId)).toEqual([]);
  });

  it('shows every holder of a role with many, a page at a time, for an access review', async () => {
    const repo = new TableRoleRepository(h.bot.tables.client('Roles'));
    const owners = Array.from({ length: 150 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const owner of owners) await repo.grant(owner, 'systemOwner', 'test setup');
    await h.teams.say(coordinator, 'roller');
    const overview = cardOf(h.connector.sentTo(TeamsClient.personalChat(coordinator)).at(-1));
    const showAll = cardActions(overview).find((action) => action.verb === 'role.list');
    expect(showAll?.title).toBe('Vis alle (150)');
    const seen: unknown[] = [];
    let page = await h.teams.press(coordinator, showAll, { role: 'hr', person: '' });
    for (;;) {
      const card = page.body?.value;
      const rows = cardActions(card).filter((action) => action.verb === 'role.revoke' && action.data.userId);
      expect(rows.every((action) => action.data.role === 'systemOwner')).toBe(true);
      seen.push(...rows.map((action) => action.data.userId));
      const next = cardActions(card).find((action) => action.title === da.roles.card.nextPage);
      if (!next) break;
      page = await h.teams.press(coordinator, next, { role: 'hr' });
    }
    expect([...seen].sort()).toEqual(owners);
    // Nobody but a coordinator sees the list, whatever the card carried.
    const refused = await h.teams.act(manager, 'role.list', { role: 'systemOwner', from: 0 });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
  });
});
