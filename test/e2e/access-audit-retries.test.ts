import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/clock';
import type { Role } from '../../src/features/access/roles';
import { da } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardTexts } from '../support/cards';
import { failNextCall } from '../support/fault-storage';
import { emailOf, newUser, startHarness, type Harness, type TeamsChannel, type TestUser } from '../support/harness';

const faults = [
  ['never reached storage', false],
  ['was stored but its answer was lost', true],
] as const;

/**
 * A coordinator's change whose audit record could not be appended is answered "try again"; the
 * retry from the same card completes the record, and the chain ends up with one record per change
 * (P10). The fault is injected at the bot's own Audit table client, over real HTTP.
 */
describe('role grants, revokes, channel assignments and owner grants whose audit record failed (P10)', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let audit: TableAuditLog;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    audit = new TableAuditLog(h.bot.tables.client('Audit'), systemClock);
  });
  afterAll(() => h.close());

  const failNextAppend = (landed: boolean) =>
    failNextCall(h.bot.tables.client('Audit'), 'submitTransaction', { landed });
  const recordsOf = async (action: string, subject: string) =>
    (await audit.read('access')).filter((record) => record.action === action && record.subject === subject);
  const rolesOf = async (userId: string) => [
    ...(await new TableRoleRepository(h.bot.tables.client('Roles')).rolesOf(userId)),
  ];
  const labelOf = (user: TestUser) => `${user.name} <${emailOf(user)}>`;
  const grant = (userId: string, role: Role) => h.teams.act(coordinator, 'role.grant', { person: userId, role });

  it.each(faults)(
    'grants a role once and records it once when the retry follows an append that %s',
    async (_, landed) => {
      const manager = newUser('Lars Holm');
      failNextAppend(landed);
      expect((await grant(manager.aadObjectId, 'management')).body?.value).toBe(da.common.errorStorage);

      const retried = await grant(manager.aadObjectId, 'management');
      expect(cardTexts(retried.body?.value)).toContain(`${labelOf(manager)} har nu rollen Ledergruppen.`);
      await grant(manager.aadObjectId, 'management');

      expect(await rolesOf(manager.aadObjectId)).toEqual(['management']);
      const granted = await recordsOf('role.granted', manager.aadObjectId);
      expect(granted.map((record) => [record.actor, record.actorName, record.details])).toEqual([
        [coordinator.aadObjectId, 'Mette Kjær', { role: 'management', name: 'Lars Holm' }],
      ]);
      expect((await audit.verify()).breaks).toEqual([]);
    },
  );

  it.each(faults)(
    'revokes a role once and records it once when the retry follows an append that %s',
    async (_, landed) => {
      const lead = newUser('Hanne Rask');
      const revoke = () => h.teams.act(coordinator, 'role.revoke', { userId: lead.aadObjectId, role: 'hr' });
      await grant(lead.aadObjectId, 'hr');

      failNextAppend(landed);
      expect((await revoke()).body?.value).toBe(da.common.errorStorage);
      expect(await rolesOf(lead.aadObjectId)).toEqual([]);
      expect(cardTexts((await revoke()).body?.value)).toContain(`Rollen Leder af HR er fjernet fra ${labelOf(lead)}.`);
      await revoke();
      // Granting the role again is a new grant, with a record of its own.
      await grant(lead.aadObjectId, 'hr');

      expect(await rolesOf(lead.aadObjectId)).toEqual(['hr']);
      const changes = (await audit.read('access')).filter((record) => record.subject === lead.aadObjectId);
      expect(changes.map((record) => [record.action, record.actor, record.details.role])).toEqual([
        ['role.granted', coordinator.aadObjectId, 'hr'],
        ['role.revoked', coordinator.aadObjectId, 'hr'],
        ['role.granted', coordinator.aadObjectId, 'hr'],
      ]);
      expect((await audit.verify()).breaks).toEqual([]);
    },
  );

  it.each(faults)(
    'assigns a channel once and records it once when the retry follows an append that %s',
    async (_, landed) => {
      const channel: TeamsChannel = {
        id: `19:${randomUUID()}@thread.tacv2`,
        teamId: `19:${randomUUID()}@thread.tacv2`,
      };
      const assign = () => h.teams.act(coordinator, 'channel.assign', { purpose: 'steering' }, { channel });

      failNextAppend(landed);
      expect((await assign()).body?.value).toBe(da.common.errorStorage);
      const retried = await assign();
      expect(cardTexts(retried.body?.value).some((text) => text.startsWith('Kanalen er nu'))).toBe(true);
      await assign();

      const assigned = (await recordsOf('channel.assigned', 'steering')).filter(
        (record) => record.details.conversationId === channel.id,
      );
      expect(assigned.map((record) => [record.actor, record.actorName])).toEqual([
        [coordinator.aadObjectId, 'Mette Kjær'],
      ]);
      expect((await audit.verify()).breaks).toEqual([]);
    },
  );

  const systemForm = (ownerId: string, name: string) => ({
    name,
    purpose: 'Sagsbehandling',
    supplier: 'Netcompany',
    owner: ownerId,
    plan: 'https://intranet.egedal.dk/beredskab/sag',
    personalData: 'no',
    personalDataKinds: '',
  });

  it.each(faults)(
    "records a new system's owner grant once when the retried save follows an append that %s",
    async (_, landed) => {
      const owner = newUser('Lise Holm');
      const form = systemForm(owner.aadObjectId, `Sag ${randomUUID().slice(0, 8)}`);
      failNextAppend(landed);
      expect((await h.teams.act(coordinator, 'system.save', form)).body?.value).toBe(da.common.errorStorage);
      // The system was stored by the first attempt: the same card is now told the name is taken.
      const retried = await h.teams.act(coordinator, 'system.save', form);
      expect(cardTexts(retried.body?.value)).toContain(da.systems.errors.nameTaken);
      await h.teams.act(coordinator, 'system.save', form);

      expect(await rolesOf(owner.aadObjectId)).toEqual(['systemOwner']);
      const granted = await recordsOf('role.granted', owner.aadObjectId);
      expect(granted.map((record) => [record.actor, record.details.role])).toEqual([
        [coordinator.aadObjectId, 'systemOwner'],
      ]);
      expect(granted[0]?.details.reason).toMatch(/^system [0-9a-f]{12}$/);
      expect((await audit.verify()).breaks).toEqual([]);
    },
  );

  it('records the new owner grant once when an edit that hands a system over is retried from its outdated card', async () => {
    const [first, second] = [newUser('Lise Holm'), newUser('Jonas Berg')];
    const name = `Sag ${randomUUID().slice(0, 8)}`;
    const saved = await h.teams.act(coordinator, 'system.save', systemForm(first.aadObjectId, name));
    const classify = JSON.stringify(saved.body?.value).match(/"id":"([0-9a-f]{12})"/);
    const edit = { ...systemForm(second.aadObjectId, name), id: classify?.[1], version: 1 };

    failNextAppend(false);
    expect((await h.teams.act(coordinator, 'system.save', edit)).body?.value).toBe(da.common.errorStorage);
    const retried = await h.teams.act(coordinator, 'system.save', edit);
    expect(cardTexts(retried.body?.value)).toContain(da.common.errorConflict);

    expect(await rolesOf(second.aadObjectId)).toEqual(['systemOwner']);
    const granted = await recordsOf('role.granted', second.aadObjectId);
    expect(granted.map((record) => [record.actor, record.details.role, record.details.reason])).toEqual([
      [coordinator.aadObjectId, 'systemOwner', `system ${classify?.[1]}`],
    ]);
    expect((await audit.verify()).breaks).toEqual([]);
  });
});
