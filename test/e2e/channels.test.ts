import { randomUUID } from 'node:crypto';
import { da } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grantDemoRoster } from '../../src/features/access/bootstrap';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { newUser, startHarness, type Harness, type TeamsChannel } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

describe('channel purposes', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
  });
  afterAll(() => h.close());

  it('asks a channel what it is for when the bot joins the team, and only a coordinator can answer', async () => {
    const channel: TeamsChannel = { id: `19:${randomUUID()}@thread.tacv2`, teamId: `19:${randomUUID()}@thread.tacv2` };
    await h.teams.addToTeam(coordinator, channel);
    const [setup] = h.connector.sentTo(channel.id);
    const card = cardOf(setup);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([da.channels.setup.title, da.channels.purposes.coordinator]),
    );
    expect(cardActions(card).map((a) => a.verb)).toEqual(['channel.assign']);

    const manager = newUser('Lars Holm');
    const refused = await h.teams.act(manager, 'channel.assign', { purpose: 'coordinator' }, { channel });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
    const reporter = newUser('Sofie Jensen');
    await submitReport(h.teams, reporter);
    expect(h.connector.sentTo(channel.id)).toHaveLength(1);

    const assigned = await h.teams.act(coordinator, 'channel.assign', { purpose: 'coordinator' }, { channel });
    expect(
      cardTexts(assigned.body?.value).some(
        (text) => text.startsWith('Kanalen er nu koordinatorkanal') && text.includes('Mette Kjær'),
      ),
    ).toBe(true);
    const number = numberOn(await submitReport(h.teams, reporter));
    await h.connector.waitFor(
      (call) => call.conversationId === channel.id && JSON.stringify(call.activity).includes(number),
    );
  });

  it('refuses to assign a purpose outside a channel', async () => {
    const answer = await h.teams.act(coordinator, 'channel.assign', { purpose: 'management' });
    expect(answer.body?.value).toBe(da.channels.setup.notChannel);
  });

  it('does not ask again when the bot is announced again in a channel that serves a purpose', async () => {
    const channel: TeamsChannel = { id: `19:${randomUUID()}@thread.tacv2`, teamId: `19:${randomUUID()}@thread.tacv2` };
    await h.teams.addToTeam(coordinator, channel);
    expect(h.connector.sentTo(channel.id)).toHaveLength(1);
    await h.teams.act(coordinator, 'channel.assign', { purpose: 'hr' }, { channel });
    // The Agents Playground announces the install at every start; Teams when the app is added again.
    await h.teams.addToTeam(coordinator, channel);
    await h.teams.addToTeam(coordinator, channel);
    expect(h.connector.sentTo(channel.id)).toHaveLength(1);
  });

  it('keeps a purpose the coordinator chose when the demo roster is granted again at the next start', async () => {
    const roster = {
      tenantId: h.teams.tenantId,
      users: [],
      team: {
        channels: [
          { id: `19:${randomUUID()}@thread.tacv2`, purpose: 'steering' as const },
          { id: `19:${randomUUID()}@thread.tacv2`, purpose: 'management' as const },
        ],
      },
    };
    const roles = new TableRoleRepository(h.bot.tables.client('Roles'));
    await grantDemoRoster(roster, roles, h.bot.conversations);
    const chosen: TeamsChannel = { id: `19:${randomUUID()}@thread.tacv2`, teamId: `19:${randomUUID()}@thread.tacv2` };
    await h.teams.act(coordinator, 'channel.assign', { purpose: 'management' }, { channel: chosen });
    roster.team.channels[0].id = `19:${randomUUID()}@thread.tacv2`; // the roster's own purposes follow the roster

    await grantDemoRoster(roster, roles, h.bot.conversations);
    expect((await h.bot.conversations.assignment('management'))?.conversationId).toBe(chosen.id);
    expect((await h.bot.conversations.assignment('steering'))?.conversationId).toBe(roster.team.channels[0].id);
  });
});
