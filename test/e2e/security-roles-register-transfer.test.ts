import { readFileSync } from 'node:fs';
import path from 'node:path';
import { da } from '../../src/i18n/catalogs';
import type { Role } from '../../src/features/access/roles';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { roleTableIn } from '../support/markdown-table';

/**
 * P10 role matrix for importing and exporting the system register (P4, #19) and the risk register
 * (#19): every typed command,
 * the file and both card verbs × every kind of user, over HTTP. The same table is in
 * docs/SECURITY.md, section "Role matrix — register import and export" (a test below keeps the two
 * identical). A verb is tried on an upload the coordinator made, with its real id.
 */
type Who = Role | 'noRole' | 'guest';
const everyone: Who[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'dpo', 'noRole', 'guest'];
const coordinatorOnly: Who[] = ['coordinator'];

interface Entry {
  feature: 'systems' | 'risks';
  action: string;
  kind: 'verb' | 'command' | 'file';
  allowed: Who[];
  /** Whether the row may change the register: it must change exactly when the row is allowed. */
  changes?: boolean;
}

const matrix: Entry[] = [
  { feature: 'systems', action: 'importér systemer', kind: 'command', allowed: coordinatorOnly },
  { feature: 'systems', action: 'importér systemer', kind: 'file', allowed: coordinatorOnly },
  { feature: 'systems', action: 'system.import.remap', kind: 'verb', allowed: coordinatorOnly },
  { feature: 'systems', action: 'system.import.apply', kind: 'verb', allowed: coordinatorOnly, changes: true },
  { feature: 'systems', action: 'eksportér systemer', kind: 'command', allowed: coordinatorOnly },
  { feature: 'risks', action: 'importér risici', kind: 'command', allowed: coordinatorOnly },
  { feature: 'risks', action: 'importér risici', kind: 'file', allowed: coordinatorOnly },
  { feature: 'risks', action: 'risk.import.remap', kind: 'verb', allowed: coordinatorOnly },
  { feature: 'risks', action: 'risk.import.apply', kind: 'verb', allowed: coordinatorOnly, changes: true },
  { feature: 'risks', action: 'eksportér risici', kind: 'command', allowed: coordinatorOnly },
];

const header = (who: Who): string => (who === 'noRole' ? 'no role' : who);
const cellOf = (entry: Entry, who: Who): string => (entry.allowed.includes(who) ? 'yes' : '—');
const label = (entry: Entry): string =>
  entry.kind === 'verb'
    ? `\`${entry.action}\``
    : entry.kind === 'file'
      ? `"${entry.action}" + file`
      : `"${entry.action}"`;

function matrixRows(): string[][] {
  return [
    ['feature', 'action', ...everyone.map(header)],
    ...matrix.map((entry) => [entry.feature, label(entry), ...everyone.map((who) => cellOf(entry, who))]),
  ];
}

const SECTION = '## Role matrix — register import and export';
const refusals = [da.common.errorForbidden, da.common.errorNotFound];
let serial = 0;
const registerFile = (feature: Entry['feature']): Buffer =>
  Buffer.from(
    feature === 'systems'
      ? `Systemnavn;Formål;Leverandør;Personoplysninger\r\nMatrixsystem ${++serial};Formål;Leverandør A/S;Nej\r\n`
      : `Titel;Scenarie;Vedrører;Risikoejer\r\nMatrixrisiko ${++serial};Scenarie;Netværket;Bruger coordinator\r\n`,
  );
const importText = { systems: 'importér systemer', risks: 'importér risici' } as const;
const applyVerb = { systems: 'system.import.apply', risks: 'risk.import.apply' } as const;

describe('role matrix (P10) for register import and export: every action × every role, over HTTP', () => {
  const people = new Map<Who, TestUser>();
  let h: Harness;
  let coordinator: TestUser;

  beforeAll(async () => {
    h = await startHarness();
    // The risk file's owner is looked up in the roster of the team that holds the coordinator channel.
    await h.registerChannel('coordinator');
    for (const who of everyone) {
      const user = newUser(who === 'guest' ? 'Ekstern Konsulent (Gæst)' : `Bruger ${who}`);
      people.set(who, user);
      if (who !== 'noRole' && who !== 'guest') await grant(h, user.aadObjectId, who);
    }
    coordinator = people.get('coordinator') as TestUser;
  });
  afterAll(() => h.close());

  const lastCard = (user: TestUser) => cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));

  /** A fresh upload by the coordinator: the id its dry-run card carries. */
  async function upload(feature: Entry['feature']): Promise<string> {
    expect(
      await h.teams.sendFile(
        coordinator,
        { name: 'r.csv', bytes: registerFile(feature) },
        { text: importText[feature] },
      ),
    ).toBe(200);
    const apply = cardActions(lastCard(coordinator)).find((action) => action.verb === applyVerb[feature]);
    expect(apply).toBeDefined();
    return String(apply?.data.id);
  }

  async function attempt(entry: Entry, user: TestUser): Promise<unknown> {
    if (entry.kind === 'verb') {
      const answer = await h.teams.act(user, entry.action, { id: await upload(entry.feature) });
      expect(answer.status).toBe(200);
      return answer.body?.value;
    }
    const before = h.connector.sentTo(TeamsClient.personalChat(user)).length;
    const status =
      entry.kind === 'file'
        ? await h.teams.sendFile(user, { name: 'r.csv', bytes: registerFile(entry.feature) }, { text: entry.action })
        : await h.teams.say(user, entry.action);
    expect(status).toBe(200);
    expect(h.connector.sentTo(TeamsClient.personalChat(user)).length).toBeGreaterThan(before);
    return lastCard(user);
  }

  const registerSize = async (feature: Entry['feature']): Promise<number> => {
    let count = 0;
    const table = h.bot.tables.client(feature === 'systems' ? 'Systems' : 'Risks');
    for await (const row of table.listEntities()) if (row.rowKey === 'record') count++;
    return count;
  };

  it('allows exactly what the matrix says, and a refused import leaves the register as it was', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const entry of matrix) {
      for (const who of everyone) {
        const row = `${label(entry)} × ${who}`;
        const before = await registerSize(entry.feature);
        const answer = await attempt(entry, people.get(who) as TestUser);
        const texts = typeof answer === 'string' ? [answer] : cardTexts(answer);
        const refused = texts.some((text) => refusals.includes(text));
        seen.push(`${row}: ${refused ? '—' : 'yes'}`);
        expected.push(`${row}: ${cellOf(entry, who)}`);
        if (entry.changes) {
          seen.push(`${row}: ${(await registerSize(entry.feature)) !== before ? 'changed' : 'unchanged'}`);
          expected.push(`${row}: ${cellOf(entry, who) === 'yes' ? 'changed' : 'unchanged'}`);
        }
      }
    }
    expect(seen).toEqual(expected);
  }, 240_000);

  it('is the table published in docs/SECURITY.md', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'SECURITY.md'), 'utf8');
    expect(roleTableIn(doc, everyone.length + 2, SECTION)).toEqual(matrixRows());
  });
});
