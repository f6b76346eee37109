import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { da } from '../../src/i18n/catalogs';
import type { Role } from '../../src/features/access/roles';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { cardOf, cardTexts, dataOf } from '../support/cards';
import { grant } from '../support/fault-records';
import { newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { roleTableIn } from '../support/markdown-table';

/**
 * P10 role matrix for the annual overall risk assessment (P7, #19): every card verb and typed command
 * × every kind of user, walked over HTTP. The same table is in docs/SECURITY.md, section "Role matrix
 * — the annual overall risk assessment" (a test below keeps the two identical).
 */
type Who = Role | 'noRole' | 'guest';
const everyone: Who[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'dpo', 'noRole', 'guest'];
const readers: Who[] = ['coordinator', 'management'];
const coordinatorOnly: Who[] = ['coordinator'];

/** A generated version, and an approval item that put one before the management group. */
interface Target {
  hash: string;
  approvalId: string;
}

interface Entry {
  action: string;
  kind: 'verb' | 'command';
  allowed: Who[];
  data?: (target: Target) => Record<string, unknown>;
  /** The row may put an item before the management group: the number of items must change exactly when allowed. */
  changes?: boolean;
}

const matrix: Entry[] = [
  { action: 'samlet risikovurdering', kind: 'command', allowed: readers },
  { action: 'annualAssessment.open', kind: 'verb', allowed: readers },
  { action: 'annualAssessment.download', kind: 'verb', allowed: readers, data: ({ hash }) => ({ hash }) },
  {
    action: 'annualAssessment.submit',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: ({ hash }) => ({ hash, draftId: randomUUID() }),
    changes: true,
  },
  {
    action: 'annualAssessment.version',
    kind: 'verb',
    allowed: readers,
    data: ({ approvalId }) => ({ id: approvalId, round: 1 }),
  },
];

const header = (who: Who): string => (who === 'noRole' ? 'no role' : who);
const cellOf = (entry: Entry, who: Who): string => (entry.allowed.includes(who) ? 'yes' : '—');

function matrixRows(): string[][] {
  return [
    ['feature', 'action', ...everyone.map(header)],
    ...matrix.map((entry) => [
      'annual assessment',
      entry.kind === 'verb' ? `\`${entry.action}\`` : `"${entry.action}"`,
      ...everyone.map((who) => cellOf(entry, who)),
    ]),
  ];
}

const SECTION = '## Role matrix — the annual overall risk assessment';
const refusals = [da.common.errorForbidden, da.common.errorNotFound];

describe('role matrix (P10) for the annual overall risk assessment: every action × every role, over HTTP', () => {
  const people = new Map<Who, TestUser>();
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let target: Target;

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await h.registerChannel('management');
    for (const who of everyone) {
      const user = newUser(who === 'guest' ? 'Ekstern Konsulent (Gæst)' : `Bruger ${who}`);
      people.set(who, user);
      if (who !== 'noRole' && who !== 'guest') await grant(h, user.aadObjectId, who);
    }
    await h.teams.say(coordinator, 'samlet risikovurdering');
    const overview = cardOf(h.connector.sentTo(TeamsClient.personalChat(coordinator)).at(-1));
    const hash = String(dataOf(overview, 'annualAssessment.submit').hash);
    await h.teams.pressOn(coordinator, overview, 'annualAssessment.submit');
    const [item] = await items();
    target = { hash, approvalId: item!.id };
  });
  afterAll(() => h.close());

  const items = () => new TableApprovalRepository(h.bot.tables.client('Reviews')).list(1000);

  async function attempt(entry: Entry, user: TestUser): Promise<unknown> {
    if (entry.kind === 'verb') {
      const answer = await h.teams.act(user, entry.action, entry.data?.(target) ?? {});
      expect(answer.status).toBe(200);
      return answer.body?.value;
    }
    const conversationId = TeamsClient.personalChat(user);
    const before = h.connector.sentTo(conversationId).length;
    expect(await h.teams.say(user, entry.action)).toBe(200);
    const sent = h.connector.sentTo(conversationId);
    expect(sent.length).toBeGreaterThan(before);
    return cardOf(sent.at(-1));
  }

  it('allows exactly what the matrix says, and a refused submission puts nothing before the group', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const entry of matrix) {
      for (const who of everyone) {
        const before = (await items()).length;
        const answer = await attempt(entry, people.get(who) as TestUser);
        const texts = typeof answer === 'string' ? [answer] : cardTexts(answer);
        const refused = texts.some((text) => refusals.includes(text));
        // A refusal shows nothing of the assessment: no hash, no link.
        const leaked = refused && /[0-9a-f]{12}|\/api\/export\//.test(JSON.stringify(answer ?? ''));
        seen.push(`${entry.action} × ${who}: ${leaked ? 'leak' : refused ? '—' : 'yes'}`);
        expected.push(`${entry.action} × ${who}: ${cellOf(entry, who)}`);
        if (entry.changes) {
          const changed = (await items()).length !== before;
          seen.push(`${entry.action} × ${who}: ${changed ? 'changed' : 'unchanged'}`);
          expected.push(`${entry.action} × ${who}: ${cellOf(entry, who) === 'yes' ? 'changed' : 'unchanged'}`);
        }
      }
    }
    expect(seen).toEqual(expected);
  }, 120_000);

  it('is the table published in docs/SECURITY.md', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'SECURITY.md'), 'utf8');
    expect(roleTableIn(doc, everyone.length + 2, SECTION)).toEqual(matrixRows());
  });
});
