import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { da } from '../../src/i18n/catalogs';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { emailOf, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

/**
 * A Teams service that answers member look-ups as the Agents Playground does: `getMember` knows a
 * member only by account id (`29:…`), while the team's paged roster lists everyone with object id,
 * name and e-mail. Posts are accepted and dropped.
 */
async function playgroundLikeTeams(members: TestUser[]): Promise<{ url: string; server: Server }> {
  const asMember = (user: TestUser) => ({
    id: `29:${user.aadObjectId}`,
    name: user.name,
    aadObjectId: user.aadObjectId,
    email: emailOf(user),
    userPrincipalName: emailOf(user),
  });
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const one = /\/members\/([^/]+)$/.exec(url)?.[1];
    const found = one ? members.map(asMember).find((member) => member.id === one) : undefined;
    const body = url.endsWith('/pagedmembers') ? { members: members.map(asMember) } : found;
    res.writeHead(req.method === 'GET' && !body ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { id: `act-${randomUUID()}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('people are picked in Teams and shown by name and e-mail (P10)', () => {
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const ownerA = newUser('Lise Holm');
  const ownerB = newUser('Lise Dahl');
  let h: Harness;
  let teams: TeamsClient;
  let server: Server;
  const channel = { id: '19:koordinator@thread.tacv2', teamId: '19:team@thread.tacv2' };
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await h.registerChannel('coordinator');
    const fake = await playgroundLikeTeams([coordinator, manager, ownerA, ownerB]);
    server = fake.server;
    teams = new TeamsClient(h.bot.url, fake.url);
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const rolesOf = async (user: TestUser | string) => [
    ...(await new TableRoleRepository(h.bot.tables.client('Roles')).rolesOf(
      typeof user === 'string' ? user : user.aadObjectId,
    )),
  ];
  const label = (user: TestUser) => `${user.name} <${emailOf(user)}>`;
  const revoke = (user: TestUser, role: string) =>
    teams.act(coordinator, 'role.revoke', { userId: user.aadObjectId, role });

  it('grants by e-mail in a personal chat and in a team channel, found in the team roster', async () => {
    const inChat = await teams.act(coordinator, 'role.grant', { person: emailOf(manager).toUpperCase(), role: 'hr' });
    expect(cardTexts(inChat.body?.value)).toContain(`${label(manager)} har nu rollen Leder af HR.`);
    expect(await rolesOf(manager)).toEqual(['hr']);
    await revoke(manager, 'hr');

    const inChannel = await teams.act(coordinator, 'role.grant', { person: emailOf(manager), role: 'hr' }, { channel });
    expect(cardTexts(inChannel.body?.value)).toContain(`${label(manager)} har nu rollen Leder af HR.`);
    expect(await rolesOf(manager)).toEqual(['hr']);
    await revoke(manager, 'hr');
  });

  it('offers the Teams people picker and grants the person picked, checked in Teams', async () => {
    await teams.say(coordinator, 'roller');
    const roles = await teams.act(coordinator, 'role.list', {});
    const picker = inputOn(roles.body?.value, 'personPick');
    expect(picker).toMatchObject({
      type: 'Input.ChoiceSet',
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });

    // Teams answers the picked person's object id; the Agents Playground its account id.
    for (const picked of [manager.aadObjectId, `29:${manager.aadObjectId}`]) {
      const granted = await teams.act(coordinator, 'role.grant', {
        personPick: picked,
        person: '',
        role: 'management',
      });
      expect(cardTexts(granted.body?.value)).toContain(`${label(manager)} har nu rollen Ledergruppen.`);
      expect(await rolesOf(manager)).toEqual(['management']);
      await revoke(manager, 'management');
    }
  });

  it('refuses an object id Teams does not know, whatever the card sent, and keeps what was chosen', async () => {
    const stranger = randomUUID();
    const refused = await teams.act(coordinator, 'role.grant', { personPick: stranger, role: 'steering' });
    const card = refused.body?.value;
    expect(cardTexts(card)).toContain(da.roles.errors.notInTeam);
    expect(inputOn(card, 'personPick')?.value).toBe(stranger);
    expect(inputOn(card, 'role')?.value).toBe('steering');
    expect(await rolesOf(stranger)).toEqual([]);
  });

  it('finds a person by name, and asks for the pick or the e-mail when a name fits two', async () => {
    const byName = await teams.act(coordinator, 'role.grant', { person: 'lars holm', role: 'management' });
    expect(cardTexts(byName.body?.value)).toContain(`${label(manager)} har nu rollen Ledergruppen.`);
    const twoLises = await teams.act(coordinator, 'role.grant', { person: 'Lise', role: 'hr' });
    expect(cardTexts(twoLises.body?.value)).toContain(da.roles.errors.ambiguous);
    expect(inputOn(twoLises.body?.value, 'person')?.value).toBe('Lise');
    expect([...(await rolesOf(ownerA)), ...(await rolesOf(ownerB))]).toEqual([]);
  });

  it('lists every holder by name and e-mail, the coordinator from configuration too, never by object id', async () => {
    const card = (await teams.act(coordinator, 'role.list', {})).body?.value;
    const texts = cardTexts(card);
    expect(texts).toEqual(expect.arrayContaining([label(coordinator), label(manager)]));
    expect(texts.some((text) => text.includes(coordinator.aadObjectId) || text.includes(manager.aadObjectId))).toBe(
      false,
    );
    expect(cardActions(card).some((action) => action.data?.userId === manager.aadObjectId)).toBe(true);
  });

  it('takes a system owner from the people picker or by name, and refuses someone Teams does not know', async () => {
    const form = {
      name: 'Elevplan',
      purpose: 'Elevernes planer',
      supplier: 'Visma',
      plan: 'https://intranet.egedal.dk/beredskab/elevplan',
      personalData: 'no',
      personalDataKinds: '',
    };
    const picked = await teams.act(coordinator, 'system.save', { ...form, ownerPick: `29:${ownerA.aadObjectId}` });
    expect(cardTexts(picked.body?.value)).toContain(ownerA.name);
    expect(await rolesOf(ownerA)).toEqual(['systemOwner']);

    const typed = await teams.act(coordinator, 'system.save', { ...form, name: 'Aula', owner: 'Lise Dahl' });
    expect(cardTexts(typed.body?.value)).toContain(ownerB.name);
    expect(await rolesOf(ownerB)).toEqual(['systemOwner']);

    const stranger = randomUUID();
    const refused = await teams.act(coordinator, 'system.save', { ...form, name: 'Ukendt', ownerPick: stranger });
    expect(cardTexts(refused.body?.value)).toContain(da.systems.errors.ownerNotInTeam);
    expect(inputOn(refused.body?.value, 'ownerPick')?.value).toBe(stranger);
    expect(await rolesOf(stranger)).toEqual([]);
  });
});
