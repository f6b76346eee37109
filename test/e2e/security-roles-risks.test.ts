import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../src/clock';
import { da } from '../../src/i18n/catalogs';
import type { Role } from '../../src/features/access/roles';
import { systemDirectoryOf } from '../../src/features/risks/compose';
import { RiskService } from '../../src/features/risks/service';
import { RiskMeasureService } from '../../src/features/risks/measures';
import { SystemService, type SystemActor } from '../../src/features/systems/service';
import { TableRiskRepository } from '../../src/storage/risk-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { cardOf, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { numberOn, submitReport } from '../support/incidents';
import { newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { roleTableIn } from '../support/markdown-table';

/**
 * P10 role matrix for the risk register (P4, P6): every card verb and typed command × every kind of
 * user, walked over HTTP with a fresh system and risk per cell. The same table is in docs/SECURITY.md,
 * section "Role matrix — the risk register" (a test below keeps the two identical).
 *
 * As for systems, "owner of this system" is a relation: a plain row acts on a risk of a system owned by
 * somebody else; a row marked "(own system)" acts on a risk of a system the acting user owns.
 */
type Who = Role | 'noRole' | 'guest';
const everyone: Who[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'dpo', 'noRole', 'guest'];
const register: Who[] = ['coordinator', 'management', 'systemOwner'];
const creators: Who[] = ['coordinator', 'systemOwner'];
const coordinatorOnly: Who[] = ['coordinator'];

interface Target {
  systemId: string;
  riskId: string;
  version: number;
  /** The risk's scenario: unique per cell, never shown to anyone refused. */
  secret: string;
  /** An incident in the log, for a row that links one. */
  incident?: string;
  /** A treatment measure of the risk, for a row that acts on one. */
  measureId?: string;
}

interface Entry {
  action: string;
  kind: 'verb' | 'command';
  label?: string;
  allowed: Who[];
  /** Whether the row acts on a risk of a system the acting user owns. */
  own?: boolean;
  data?: (target: Target, user: TestUser) => Record<string, unknown>;
  /** The stored state the row may change: it must change exactly when the row is allowed. */
  changes?: 'risk' | 'count';
  /** The row needs an incident in the log. */
  incident?: boolean;
  /** The row needs a treatment measure on the risk: owned by the acting user (`own`) or by somebody else. */
  measure?: 'own' | 'other';
}

const form = (target: Target, user: TestUser, overrides: Record<string, unknown> = {}) => ({
  title: `Risiko ${randomUUID().slice(0, 8)}`,
  scenario: 'Et nyt scenarie',
  systems: target.systemId,
  ownerPick: user.aadObjectId,
  draftId: randomUUID(),
  ...overrides,
});
const measureForm = (target: Target, user: TestUser) => ({
  id: target.riskId,
  version: target.version,
  measureText: 'Test gendannelse af backup',
  measureOwnerPick: user.aadObjectId,
  measureDue: '2027-01-15',
});
const assessment = {
  likelihood: '2',
  confidentiality: '2',
  integrity: '2',
  availability: '2',
  dataSubjects: '',
  treatment: 'accept',
  residualLikelihood: '2',
  residualConsequence: '2',
  nextReview: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
};

const matrix: Entry[] = [
  { action: 'risici', kind: 'command', allowed: register },
  { action: 'ny risiko', kind: 'command', allowed: creators },
  { action: 'risk.list', kind: 'verb', allowed: register },
  { action: 'risk.new', kind: 'verb', allowed: creators },
  {
    action: 'risk.new',
    kind: 'verb',
    label: '(edit form)',
    allowed: coordinatorOnly,
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.new',
    kind: 'verb',
    label: '(edit form, own system)',
    allowed: creators,
    own: true,
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.view',
    kind: 'verb',
    allowed: register.filter((who) => who !== 'systemOwner'),
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.view',
    kind: 'verb',
    label: '(own system)',
    allowed: register,
    own: true,
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.save',
    kind: 'verb',
    label: '(new, area)',
    allowed: coordinatorOnly,
    data: (target, user) => form(target, user, { systems: '', area: 'people' }),
    changes: 'count',
  },
  {
    action: 'risk.save',
    kind: 'verb',
    label: '(new)',
    allowed: coordinatorOnly,
    data: (target, user) => form(target, user),
    changes: 'count',
  },
  {
    action: 'risk.save',
    kind: 'verb',
    label: '(new, own system)',
    allowed: creators,
    own: true,
    data: (target, user) => form(target, user),
    changes: 'count',
  },
  {
    action: 'risk.save',
    kind: 'verb',
    label: '(edit)',
    allowed: coordinatorOnly,
    data: (target, user) => ({ ...form(target, user), id: target.riskId, version: target.version, draftId: '' }),
    changes: 'risk',
  },
  {
    action: 'risk.save',
    kind: 'verb',
    label: '(edit, own system)',
    allowed: creators,
    own: true,
    data: (target, user) => ({ ...form(target, user), id: target.riskId, version: target.version, draftId: '' }),
    changes: 'risk',
  },
  { action: 'risk.assess', kind: 'verb', allowed: coordinatorOnly, data: ({ riskId }) => ({ id: riskId }) },
  {
    action: 'risk.assess',
    kind: 'verb',
    label: '(own system)',
    allowed: creators,
    own: true,
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.assess.save',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: ({ riskId, version }) => ({ id: riskId, version, ...assessment }),
    changes: 'risk',
  },
  {
    action: 'risk.assess.save',
    kind: 'verb',
    label: '(own system)',
    allowed: creators,
    own: true,
    data: ({ riskId, version }) => ({ id: riskId, version, ...assessment }),
    changes: 'risk',
  },
  {
    action: 'risk.accept',
    kind: 'verb',
    label: '(own system)',
    allowed: coordinatorOnly,
    own: true,
    data: ({ riskId, version }) => ({ id: riskId, version }),
  },
  {
    action: 'risk.incident.link',
    kind: 'verb',
    label: '(own system)',
    allowed: coordinatorOnly,
    own: true,
    incident: true,
    data: ({ riskId, version, incident }) => ({ id: riskId, version, incidentNumber: incident }),
    changes: 'risk',
  },
  {
    action: 'risk.measures',
    kind: 'verb',
    allowed: register.filter((who) => who !== 'systemOwner'),
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.measures',
    kind: 'verb',
    label: '(own system)',
    allowed: register,
    own: true,
    data: ({ riskId }) => ({ id: riskId }),
  },
  {
    action: 'risk.measure.add',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: (target, user) => measureForm(target, user),
    changes: 'risk',
  },
  {
    action: 'risk.measure.add',
    kind: 'verb',
    label: '(own system)',
    allowed: creators,
    own: true,
    data: (target, user) => measureForm(target, user),
    changes: 'risk',
  },
  {
    // Another person's measure of a risk: only its owner (by identity, whatever their role) opens or completes it.
    action: 'measure.task',
    kind: 'verb',
    label: "(another's risk measure)",
    allowed: [],
    measure: 'other',
    data: ({ riskId, measureId }) => ({ riskId, measureId }),
  },
  {
    action: 'measure.complete',
    kind: 'verb',
    label: "(another's risk measure)",
    allowed: [],
    measure: 'other',
    data: ({ riskId, measureId }) => ({ riskId, measureId, comment: 'Gjort.' }),
    changes: 'risk',
  },
  {
    action: 'measure.complete',
    kind: 'verb',
    label: '(own risk measure)',
    allowed: everyone,
    measure: 'own',
    data: ({ riskId, measureId }) => ({ riskId, measureId, comment: 'Gjort.' }),
    changes: 'risk',
  },
];

const header = (who: Who): string => (who === 'noRole' ? 'no role' : who);
const cellOf = (entry: Entry, who: Who): string => (entry.allowed.includes(who) ? 'yes' : '—');

function matrixRows(): string[][] {
  return [
    ['feature', 'action', ...everyone.map(header)],
    ...matrix.map((entry) => [
      'risks',
      `${entry.kind === 'verb' ? `\`${entry.action}\`` : `"${entry.action}"`}${entry.label ? ` ${entry.label}` : ''}`,
      ...everyone.map((who) => cellOf(entry, who)),
    ]),
  ];
}

const SECTION = '## Role matrix — the risk register';
const refusals = [da.common.errorForbidden, da.common.errorNotFound];
const asCoordinator: SystemActor = { userId: randomUUID(), name: 'Opsætning', roles: new Set(['coordinator']) };

describe('role matrix (P10) for the risk register: every action × every role, over HTTP', () => {
  const people = new Map<Who, TestUser>();
  let h: Harness;
  let systems: SystemService;
  let risks: RiskService;
  let repo: TableRiskRepository;
  let measures: RiskMeasureService;

  beforeAll(async () => {
    h = await startHarness();
    const tables = h.bot.tables;
    const systemRepo = new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'));
    systems = new SystemService(systemRepo, systemClock);
    repo = new TableRiskRepository(tables.client('Risks'));
    risks = new RiskService(repo, systemDirectoryOf(systemRepo), systemClock);
    measures = new RiskMeasureService(repo, risks, systemClock);
    for (const who of everyone) {
      const user = newUser(who === 'guest' ? 'Ekstern Konsulent (Gæst)' : `Bruger ${who}`);
      people.set(who, user);
      if (who !== 'noRole' && who !== 'guest') await grant(h, user.aadObjectId, who);
    }
  });
  afterAll(() => h.close());

  /** A fresh system (owned by the user for an "own" row, else by somebody else) with one risk on it. */
  async function target(entry: Entry, user: TestUser): Promise<Target> {
    const ownerId = entry.own ? user.aadObjectId : randomUUID();
    const { system } = await systems.register(asCoordinator, {
      name: `System ${randomUUID()}`,
      purpose: 'Formål',
      supplier: 'Leverandør A/S',
      ownerId,
      ownerName: 'Ejer',
      personalData: false,
      personalDataKinds: [],
    });
    const secret = `Scenarie ${randomUUID()}`;
    const { risk } = await risks.create(asCoordinator, {
      title: 'Risiko',
      scenario: secret,
      systemIds: [system.id],
      ownerId,
      ownerName: 'Ejer',
    });
    const incident = entry.incident ? numberOn(await submitReport(h.teams, newUser('Melder'))) : undefined;
    const measure = entry.measure
      ? await measures.add(asCoordinator, risk.id, risk.version, {
          text: 'Foranstaltning',
          owner: 'Ejer',
          ownerId: entry.measure === 'own' ? user.aadObjectId : randomUUID(),
          dueDate: '2027-01-15',
        })
      : undefined;
    return {
      systemId: system.id,
      riskId: risk.id,
      version: measure?.risk.version ?? risk.version,
      secret,
      incident,
      measureId: measure?.added.id,
    };
  }

  async function attempt(entry: Entry, user: TestUser, data: Record<string, unknown>): Promise<unknown> {
    if (entry.kind === 'verb') {
      const answer = await h.teams.act(user, entry.action, data);
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

  const state = async (entry: Entry, subject: Target): Promise<string> =>
    entry.changes === 'count'
      ? String((await repo.listAll()).length)
      : JSON.stringify((await repo.get(subject.riskId))?.risk);

  it('allows exactly what the matrix says, and a refused change leaves the register as it was', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const entry of matrix) {
      const row = `${entry.action}${entry.label ? ` ${entry.label}` : ''}`;
      for (const who of everyone) {
        const user = people.get(who) as TestUser;
        const subject = await target(entry, user);
        const before = await state(entry, subject);
        const answer = await attempt(entry, user, entry.data?.(subject, user) ?? {});
        const texts = typeof answer === 'string' ? [answer] : cardTexts(answer);
        const refused = texts.some((text) => refusals.includes(text));
        const leaked = refused && JSON.stringify(answer ?? '').includes(subject.secret);
        seen.push(`${row} × ${who}: ${leaked ? 'leak' : refused ? '—' : 'yes'}`);
        expected.push(`${row} × ${who}: ${cellOf(entry, who)}`);
        if (entry.changes) {
          const changed = (await state(entry, subject)) !== before;
          seen.push(`${row} × ${who}: ${changed ? 'changed' : 'unchanged'}`);
          expected.push(`${row} × ${who}: ${cellOf(entry, who) === 'yes' ? 'changed' : 'unchanged'}`);
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
