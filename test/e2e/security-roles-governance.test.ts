import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/features/access/actor';
import { systemClock } from '../../src/clock';
import { da, en } from '../../src/i18n/catalogs';
import type { Role } from '../../src/features/access/roles';
import { ApprovalService } from '../../src/features/approvals/service';
import type { ApprovalKind } from '../../src/features/approvals/model';
import { parseScreening, pickScreeningInputs } from '../../src/features/dpia/form';
import { DpiaService } from '../../src/features/dpia/service';
import { quarterOf } from '../../src/features/reviews/model';
import { SystemService, type SystemActor } from '../../src/features/systems/service';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableReviewRepository } from '../../src/storage/review-repository';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { newUser, startHarness, TeamsClient, type Harness, type TeamsChannel, type TestUser } from '../support/harness';
import { roleTableIn } from '../support/markdown-table';
import { grant } from '../support/fault-records';
import { answersRequiringDpia } from '../support/screenings';

/**
 * P10 role matrix for the governance features: the system register (P4, P8), DPIA screening (P5),
 * the quarterly review (P6) and approvals (P7, P9) — every card verb and typed command × every kind
 * of user, walked over HTTP with a fresh record per cell. The same table is in docs/SECURITY.md,
 * section "Role matrix — systems, DPIA, reviews and approvals" (a test below keeps the two identical).
 *
 * "Owner of this system" is a relation, not the systemOwner role: a plain row acts on a system (or
 * screening) owned by somebody else, so the systemOwner column is a role holder who does NOT own it;
 * a row marked "(own system)" acts on a system owned by the acting user (whatever their role).
 */
type Who = Role | 'noRole' | 'guest';
const everyone: Who[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'noRole', 'guest'];
const coordinatorOnly: Who[] = ['coordinator'];
const nobody: Who[] = [];

/**
 * A cell: the action runs ("yes"), is refused ("—"), answers with names and categories only
 * ("categories"), or with the names alone ("names").
 */
type Cell = 'yes' | '—' | 'categories' | 'names';

/** What a row acts on, prepared fresh for each cell ("own…" = owned by the acting user). */
type Needs =
  | 'nothing'
  | 'system'
  | 'ownSystem'
  | 'classified'
  | 'ownClassified'
  | 'screening'
  | 'ownScreening'
  | 'answered'
  | 'ownAnswered'
  | 'handedOver'
  | 'managementItem'
  | 'steeringItem'
  | 'review';

interface Target {
  /** A fresh person (Entra id) the row may name, e.g. as a new owner. */
  person: string;
  /** A fresh, unique system name (the system exists when the row needs one). */
  name: string;
  systemId: string;
  version: number;
  /** The system's purpose: confidential (owner and coordinator only); unique per cell. */
  secret?: string;
  ownerId: string;
  screeningId: string;
  approvalId: string;
  quarter: string;
}

interface Entry {
  feature: string;
  action: string;
  kind: 'verb' | 'command';
  /** Shown after the action in the table, e.g. "(own system)". */
  label?: string;
  allowed: Who[];
  /** Who gets the directory of names and categories instead of the full view. */
  categoriesOnly?: Who[];
  /** Who gets the systems' names alone instead of the full view. */
  namesOnly?: Who[];
  needs?: Needs;
  /** Where it runs: a personal chat (default), a team channel, or the approving group's channel. */
  where?: 'personal' | 'channel' | 'management' | 'steering';
  data?: (target: Target) => Record<string, unknown>;
  /** For an allowed run, how the answer must show the target: its purpose, or an open button for it. */
  shows?: 'purpose' | 'open';
  /** A snapshot of the stored state the row may change: it must change exactly when the row is allowed. */
  state?: (target: Target) => Promise<string>;
}

const whoHeader: Record<Who, string> = {
  coordinator: 'coordinator',
  management: 'management',
  steering: 'steering',
  hr: 'hr',
  systemOwner: 'systemOwner',
  // The DPO's column is its own table (security-roles-dpo.test.ts): here the DPO is not walked.
  dpo: 'dpo',
  noRole: 'no role',
  guest: 'guest',
};

const cellOf = (entry: Entry, who: Who): Cell =>
  entry.allowed.includes(who)
    ? 'yes'
    : entry.categoriesOnly?.includes(who)
      ? 'categories'
      : entry.namesOnly?.includes(who)
        ? 'names'
        : '—';

/** Roles whose work needs the register's categories; the others see names alone (need-to-know). */
const categoryRoles: Who[] = ['management', 'steering', 'systemOwner'];
const namesRoles: Who[] = ['hr', 'noRole', 'guest'];

const systemForm = (target: Target, owner: string, overrides: Record<string, unknown> = {}) => ({
  name: target.name,
  purpose: target.secret ?? `Formål ${target.person}`,
  supplier: 'Leverandør A/S',
  owner,
  plan: 'https://intranet.kommune.dk/beredskab/system',
  personalData: 'no',
  personalDataKinds: '',
  ...overrides,
});
/** The edit form of a registered system, with a new supplier, on its current version. */
const systemEdit = (target: Target) => ({
  ...systemForm(target, target.ownerId, { supplier: 'Ny Leverandør ApS' }),
  id: target.systemId,
  version: target.version,
});
const criteria = { step: 'propose', lifeHealth: 'no', impact: 'shorterOutage', statutory: 'yes', sensitive: 'no' };
const submission = (kind: ApprovalKind) => ({
  kind,
  title: 'Samlet risikovurdering',
  version: '1.0',
  link: 'https://intranet.kommune.dk/risiko.pdf',
  summary: 'Opdateret.',
});

/** Filled in by the suite's setup (the stores the state snapshots read). */
const stores = {} as {
  systems: SystemService;
  screenings: TableScreeningRepository;
  approvals: ApprovalService;
  reviews: TableReviewRepository;
};
const systemState = async ({ systemId }: Target) =>
  JSON.stringify((await stores.systems.get(asCoordinator, systemId)).system);
const screeningState = async ({ screeningId }: Target) =>
  JSON.stringify((await stores.screenings.get(screeningId))?.screening);
const approvalState = async ({ approvalId }: Target) => JSON.stringify(await stores.approvals.get(approvalId));
const reviewState = async ({ quarter }: Target) => JSON.stringify((await stores.reviews.get(quarter))?.review);
// Read from storage, not through the directory another instance keeps for 15 s.
const registered = async ({ name }: Target) =>
  String((await stores.systems.directoryPage(undefined, 1000)).items.some((listing) => listing.name === name));
const approvalCount = async () => String((await stores.approvals.list(1000)).length);
const asCoordinator: SystemActor = { userId: randomUUID(), name: 'Opsætning', roles: new Set(['coordinator']) };

const matrix: Entry[] = [
  // The system register (P4, P8).
  {
    feature: 'systems',
    action: 'systemer',
    kind: 'command',
    allowed: coordinatorOnly,
    categoriesOnly: categoryRoles,
    namesOnly: namesRoles,
    needs: 'system',
    shows: 'open',
  },
  {
    feature: 'systems',
    action: 'systemer',
    kind: 'command',
    label: '(in a channel)',
    allowed: nobody,
    namesOnly: everyone,
    needs: 'system',
    where: 'channel',
    shows: 'open',
  },
  {
    feature: 'systems',
    action: 'mine systemer',
    kind: 'command',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownSystem',
    shows: 'open',
  },
  {
    feature: 'systems',
    action: 'forfaldne risikovurderinger',
    kind: 'command',
    allowed: coordinatorOnly,
    categoriesOnly: categoryRoles,
    namesOnly: namesRoles,
    needs: 'system',
    shows: 'open',
  },
  {
    feature: 'systems',
    action: 'system.list',
    kind: 'verb',
    allowed: coordinatorOnly,
    categoriesOnly: categoryRoles,
    namesOnly: namesRoles,
    needs: 'system',
    data: () => ({ view: 'all' }),
    shows: 'open',
  },
  {
    feature: 'systems',
    action: 'system.list',
    kind: 'verb',
    label: '(due)',
    allowed: coordinatorOnly,
    categoriesOnly: categoryRoles,
    namesOnly: namesRoles,
    needs: 'system',
    data: () => ({ view: 'due' }),
    shows: 'open',
  },
  {
    feature: 'systems',
    action: 'system.list',
    kind: 'verb',
    label: '(mine, own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: () => ({ view: 'mine' }),
    shows: 'open',
  },
  { feature: 'systems', action: 'system.new', kind: 'verb', allowed: ['coordinator', 'systemOwner'] },
  {
    feature: 'systems',
    action: 'system.new',
    kind: 'verb',
    label: '(edit form)',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId }) => ({ id: systemId }),
    shows: 'purpose',
  },
  {
    feature: 'systems',
    action: 'system.new',
    kind: 'verb',
    label: '(edit form, own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: ({ systemId }) => ({ id: systemId }),
    shows: 'purpose',
  },
  {
    feature: 'systems',
    action: 'system.save',
    kind: 'verb',
    label: '(new, owned by somebody else)',
    allowed: coordinatorOnly,
    data: (target) => systemForm(target, target.person),
    state: registered,
  },
  {
    feature: 'systems',
    action: 'system.save',
    kind: 'verb',
    label: '(new, own system)',
    allowed: ['coordinator', 'systemOwner'],
    data: (target) => systemForm(target, target.ownerId),
    state: registered,
  },
  {
    feature: 'systems',
    action: 'system.save',
    kind: 'verb',
    label: '(edit)',
    allowed: coordinatorOnly,
    needs: 'system',
    data: (target) => systemEdit(target),
    shows: 'purpose',
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.save',
    kind: 'verb',
    label: '(edit, own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: (target) => systemEdit(target),
    shows: 'purpose',
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.save',
    kind: 'verb',
    label: '(hand own system to another owner)',
    allowed: coordinatorOnly,
    needs: 'ownSystem',
    data: (target) => ({ ...systemForm(target, target.person), id: target.systemId, version: target.version }),
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.view',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId }) => ({ id: systemId }),
    shows: 'purpose',
  },
  {
    feature: 'systems',
    action: 'system.view',
    kind: 'verb',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: ({ systemId }) => ({ id: systemId }),
    shows: 'purpose',
  },
  {
    feature: 'systems',
    action: 'system.classify',
    kind: 'verb',
    label: '(form)',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId }) => ({ id: systemId }),
  },
  {
    feature: 'systems',
    action: 'system.classify',
    kind: 'verb',
    label: '(form, own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: ({ systemId }) => ({ id: systemId }),
  },
  {
    feature: 'systems',
    action: 'system.classify',
    kind: 'verb',
    label: '(propose)',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId, version }) => ({ id: systemId, version, ...criteria }),
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.classify',
    kind: 'verb',
    label: '(propose, own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: ({ systemId, version }) => ({ id: systemId, version, ...criteria }),
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.confirm',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'classified',
    data: ({ systemId, version }) => ({ id: systemId, version, category: 'critical' }),
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.confirm',
    kind: 'verb',
    label: '(own system)',
    allowed: coordinatorOnly,
    needs: 'ownClassified',
    data: ({ systemId, version }) => ({ id: systemId, version, category: 'critical' }),
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.risk',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId, version }) => ({ id: systemId, version, riskDate: '2026-11-01', riskSummary: 'Gennemgået.' }),
    shows: 'purpose',
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.risk',
    kind: 'verb',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: ({ systemId, version }) => ({ id: systemId, version, riskDate: '2026-11-01', riskSummary: 'Gennemgået.' }),
    shows: 'purpose',
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.change',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId, version }) => ({
      id: systemId,
      version,
      changeArea: 'supplier',
      changeDescription: 'Ny leverandør.',
    }),
    shows: 'purpose',
    state: systemState,
  },
  {
    feature: 'systems',
    action: 'system.change',
    kind: 'verb',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownSystem',
    data: ({ systemId, version }) => ({
      id: systemId,
      version,
      changeArea: 'supplier',
      changeDescription: 'Ny leverandør.',
    }),
    shows: 'purpose',
    state: systemState,
  },
  // DPIA screening (P5): started by the coordinator, answered by the system's owner only.
  {
    feature: 'dpia',
    action: 'dpia.start',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'system',
    data: ({ systemId }) => ({ id: systemId, trigger: 'new' }),
    state: systemState,
  },
  {
    feature: 'dpia',
    action: 'dpia.start',
    kind: 'verb',
    label: '(own system)',
    allowed: coordinatorOnly,
    needs: 'ownSystem',
    data: ({ systemId }) => ({ id: systemId, trigger: 'new' }),
    state: systemState,
  },
  {
    feature: 'dpia',
    action: 'dpia.view',
    kind: 'verb',
    label: '(sent to another owner)',
    allowed: coordinatorOnly,
    needs: 'screening',
    data: ({ screeningId }) => ({ id: screeningId }),
  },
  {
    feature: 'dpia',
    action: 'dpia.view',
    kind: 'verb',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownScreening',
    data: ({ screeningId }) => ({ id: screeningId }),
  },
  {
    feature: 'dpia',
    action: 'dpia.view',
    kind: 'verb',
    label: '(answered by another owner)',
    allowed: coordinatorOnly,
    needs: 'answered',
    data: ({ screeningId }) => ({ id: screeningId }),
  },
  {
    feature: 'dpia',
    action: 'dpia.answer',
    kind: 'verb',
    label: '(sent to another owner)',
    allowed: nobody,
    needs: 'screening',
    data: ({ screeningId }) => ({ id: screeningId, ...answersRequiringDpia }),
  },
  {
    feature: 'dpia',
    action: 'dpia.answer',
    kind: 'verb',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownScreening',
    data: ({ screeningId }) => ({ id: screeningId, ...answersRequiringDpia }),
  },
  {
    feature: 'dpia',
    action: 'dpia.confirm',
    kind: 'verb',
    label: '(sent to another owner)',
    allowed: nobody,
    needs: 'screening',
    data: ({ screeningId }) => ({ id: screeningId, ...answersRequiringDpia }),
    state: screeningState,
  },
  {
    feature: 'dpia',
    action: 'dpia.confirm',
    kind: 'verb',
    label: '(own system)',
    allowed: everyone,
    needs: 'ownScreening',
    data: ({ screeningId }) => ({ id: screeningId, ...answersRequiringDpia }),
    state: screeningState,
  },
  {
    feature: 'dpia',
    action: 'dpia.view',
    kind: 'verb',
    label: '(former owner of the system)',
    allowed: coordinatorOnly,
    needs: 'handedOver',
    data: ({ screeningId }) => ({ id: screeningId }),
  },
  {
    feature: 'dpia',
    action: 'dpia.confirm',
    kind: 'verb',
    label: '(former owner of the system)',
    allowed: nobody,
    needs: 'handedOver',
    data: ({ screeningId }) => ({ id: screeningId, ...answersRequiringDpia }),
    state: screeningState,
  },
  {
    feature: 'dpia',
    action: 'dpia.done',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'answered',
    data: ({ screeningId }) => ({ id: screeningId, doneDate: '2026-11-01', doneLink: 'https://intranet.dk/dpia' }),
    state: screeningState,
  },
  {
    feature: 'dpia',
    action: 'dpia.done',
    kind: 'verb',
    label: '(own system)',
    allowed: coordinatorOnly,
    needs: 'ownAnswered',
    data: ({ screeningId }) => ({ id: screeningId, doneDate: '2026-11-01', doneLink: 'https://intranet.dk/dpia' }),
    state: screeningState,
  },
  // The quarterly review (P6): the coordinator and the management group; the coordinator records it.
  {
    feature: 'reviews',
    action: 'gennemgang',
    kind: 'command',
    allowed: ['coordinator', 'management'],
    needs: 'review',
  },
  {
    feature: 'reviews',
    action: 'gennemgang',
    kind: 'command',
    label: '(in another team channel)',
    allowed: nobody,
    needs: 'review',
    where: 'channel',
  },
  {
    feature: 'reviews',
    action: 'gennemgang',
    kind: 'command',
    label: '(in the management channel)',
    allowed: ['coordinator', 'management'],
    needs: 'review',
    where: 'management',
  },
  {
    feature: 'reviews',
    action: 'review.refresh',
    kind: 'verb',
    allowed: ['coordinator', 'management'],
    needs: 'review',
    where: 'management',
    data: ({ quarter }) => ({ quarter }),
  },
  {
    feature: 'reviews',
    action: 'review.done',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'review',
    where: 'management',
    data: ({ quarter }) => ({ quarter, notes: 'Gennemgået.' }),
    state: reviewState,
  },
  // Approvals (P7, P8, P9): the coordinator submits; the management or steering group decides.
  { feature: 'approvals', action: 'godkendelse', kind: 'command', allowed: coordinatorOnly },
  // What awaits the person's approving role, in personal chat (items open their own view).
  { feature: 'approvals', action: 'godkendelser', kind: 'command', allowed: ['coordinator', 'management', 'steering'] },
  { feature: 'approvals', action: 'approval.list', kind: 'verb', allowed: ['coordinator', 'management', 'steering'] },
  {
    feature: 'approvals',
    action: 'approval.submit',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: () => submission('annualRiskAssessment'),
    state: approvalCount,
  },
  {
    feature: 'approvals',
    action: 'approval.refresh',
    kind: 'verb',
    label: '(management item)',
    allowed: ['coordinator', 'management'],
    needs: 'managementItem',
    where: 'management',
    data: ({ approvalId }) => ({ id: approvalId }),
  },
  {
    feature: 'approvals',
    action: 'approval.refresh',
    kind: 'verb',
    label: '(steering item)',
    allowed: ['coordinator', 'steering'],
    needs: 'steeringItem',
    where: 'steering',
    data: ({ approvalId }) => ({ id: approvalId }),
  },
  {
    feature: 'approvals',
    action: 'approval.approve',
    kind: 'verb',
    label: '(management item)',
    allowed: ['management'],
    needs: 'managementItem',
    where: 'management',
    data: ({ approvalId }) => ({ id: approvalId, round: 1, comment: 'Fin.' }),
    state: approvalState,
  },
  {
    feature: 'approvals',
    action: 'approval.approve',
    kind: 'verb',
    label: '(steering item)',
    allowed: ['steering'],
    needs: 'steeringItem',
    where: 'steering',
    data: ({ approvalId }) => ({ id: approvalId, round: 1, comment: 'Fin.' }),
    state: approvalState,
  },
  {
    feature: 'approvals',
    action: 'approval.requestChanges',
    kind: 'verb',
    label: '(management item)',
    allowed: ['management'],
    needs: 'managementItem',
    where: 'management',
    data: ({ approvalId }) => ({ id: approvalId, round: 1, comment: 'Afsnit 4 mangler.' }),
    state: approvalState,
  },
  {
    feature: 'approvals',
    action: 'approval.requestChanges',
    kind: 'verb',
    label: '(steering item)',
    allowed: ['steering'],
    needs: 'steeringItem',
    where: 'steering',
    data: ({ approvalId }) => ({ id: approvalId, round: 1, comment: 'Afsnit 4 mangler.' }),
    state: approvalState,
  },
  {
    feature: 'approvals',
    action: 'approval.resubmit',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'managementItem',
    where: 'management',
    data: ({ approvalId }) => ({ id: approvalId, round: 1, ...submission('annualRiskAssessment'), version: '1.1' }),
    state: approvalState,
  },
  {
    feature: 'approvals',
    action: 'approval.post',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'managementItem',
    where: 'management',
    data: ({ approvalId }) => ({ id: approvalId }),
  },
];

/** The matrix as the rows of the Markdown table in docs/SECURITY.md (cells trimmed). */
function matrixRows(entries: Entry[] = matrix): string[][] {
  const header = ['feature', 'action', ...everyone.map((who) => whoHeader[who])];
  const rows = entries.map((entry) => [
    entry.feature,
    `${entry.kind === 'verb' ? `\`${entry.action}\`` : `"${entry.action}"`}${entry.label ? ` ${entry.label}` : ''}`,
    ...everyone.map((who) => cellOf(entry, who)),
  ]);
  return [header, ...rows];
}

const SECTION = '## Role matrix — systems, DPIA, reviews and approvals';

/** The rows of the role table in this feature group's section of a Markdown document. */
const tableIn = (markdown: string): string[][] => roleTableIn(markdown, everyone.length + 2, SECTION);

const refusals = [da.common.errorForbidden, da.common.errorNotFound, da.systems.errors.ownerSelf];

describe('role matrix (P10) for systems, DPIA, reviews and approvals: every action × every role, over HTTP', () => {
  const people = new Map<Who, TestUser>();
  let h: Harness;
  const channels = {} as Record<'management' | 'steering', TeamsChannel>;

  beforeAll(async () => {
    h = await startHarness();
    const tables = h.bot.tables;
    stores.systems = new SystemService(
      new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex')),
      systemClock,
    );
    stores.screenings = new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex'));
    stores.approvals = new ApprovalService(
      new TableApprovalRepository(tables.client('Reviews')),
      new TableAuditLog(tables.client('Audit'), systemClock),
      systemClock,
      {},
    );
    stores.reviews = new TableReviewRepository(tables.client('Reviews'));
    for (const who of everyone) {
      const user = newUser(who === 'guest' ? 'Ekstern Konsulent (Gæst)' : `Bruger ${who}`);
      people.set(who, user);
      if (who !== 'noRole' && who !== 'guest') await grant(h, user.aadObjectId, who);
    }
    for (const purpose of ['management', 'steering'] as const)
      channels[purpose] = { id: await h.registerChannel(purpose), teamId: '19:team@thread.tacv2' };
  });
  afterAll(() => h.close());

  const dpia = () => new DpiaService(stores.screenings, stores.systems, systemClock);

  /** Empties the system register (and its lists), so a list cell is not cut off by earlier cells' systems. */
  async function clearRegister(): Promise<void> {
    for (const name of ['Systems', 'SystemIndex'] as const) {
      const table = h.bot.tables.client(name);
      for await (const row of table.listEntities())
        await table.deleteEntity(row.partitionKey as string, row.rowKey as string);
    }
  }

  /** The record a cell acts on, owned by somebody else, or by the acting user for an "own" row. */
  async function target(needs: Needs, user: TestUser): Promise<Target> {
    const person = newUser('Ny Person').aadObjectId; // a member of the tenant, whom Teams finds
    const own = needs.startsWith('own') || needs === 'handedOver';
    const ownerId = own ? user.aadObjectId : randomUUID();
    const subject: Target = {
      person,
      name: `System ${person.slice(0, 13)}`,
      systemId: '',
      version: 0,
      ownerId,
      screeningId: '',
      approvalId: '',
      quarter: quarterOf(systemClock.now()),
    };
    if (needs === 'managementItem' || needs === 'steeringItem') {
      const kind = needs === 'managementItem' ? 'annualRiskAssessment' : 'policyRevision';
      const { item } = await stores.approvals.submit(
        { ...asCoordinator, tenantId: '', locale: 'da', conversationType: 'personal' } as Actor,
        kind,
        { ...submission(kind), material: false },
      );
      return { ...subject, approvalId: item.id };
    }
    if (needs === 'review') {
      await h.bot.tables
        .client('Reviews')
        .deleteEntity('quarter', subject.quarter)
        .catch(() => undefined);
      await stores.reviews.ensure({ id: subject.quarter, dueAt: systemClock.now().toISOString() });
      return subject;
    }
    if (needs === 'nothing') return subject;
    const secret = `Fortroligt formål ${person}`;
    let { system } = await stores.systems.register(asCoordinator, {
      name: subject.name,
      purpose: secret,
      supplier: 'Leverandør A/S',
      ownerId,
      ownerName: '',
      personalData: false,
      personalDataKinds: [],
    });
    if (needs === 'classified' || needs === 'ownClassified')
      system = await stores.systems.classify(asCoordinator, system.id, system.version, {
        lifeAndHealthRiskOnOutage: false,
        citizenServiceImpact: 'shorterOutage',
        statutoryService: true,
        especiallySensitivePersonalData: false,
      });
    let screeningId = '';
    if (['screening', 'ownScreening', 'answered', 'ownAnswered', 'handedOver'].includes(needs)) {
      screeningId = (await dpia().start(asCoordinator, system.id, 'new')).id;
      if (needs === 'handedOver')
        await stores.systems.edit(asCoordinator, system.id, system.version + 1, {
          ...system,
          ownerId: randomUUID(),
        });
      if (needs === 'answered' || needs === 'ownAnswered') {
        const { answers } = parseScreening(pickScreeningInputs(answersRequiringDpia));
        await dpia().answer({ userId: ownerId, name: 'Ejer', roles: new Set() }, screeningId, answers, {});
      }
      system = (await stores.systems.get(asCoordinator, system.id)).system;
    }
    return { ...subject, systemId: system.id, version: system.version, secret, screeningId };
  }

  /** Performs the entry as the user; the answer the user sees (a card or a message), as JSON. */
  async function attempt(entry: Entry, user: TestUser, data: Record<string, unknown>): Promise<unknown> {
    const where = entry.where ?? 'personal';
    const channel: TeamsChannel | undefined =
      where === 'personal'
        ? undefined
        : where === 'channel'
          ? { id: `19:${randomUUID()}@thread.tacv2`, teamId: `19:team-${randomUUID()}@thread.tacv2` }
          : channels[where];
    if (entry.kind === 'verb') {
      const answer = await h.teams.act(user, entry.action, data, { channel });
      expect(answer.status).toBe(200);
      return answer.body?.value;
    }
    const conversationId = channel ? `${channel.id};messageid=1700000000000` : TeamsClient.personalChat(user);
    const before = h.connector.sentTo(conversationId).length;
    const activity = h.teams.base(user, TeamsClient.personalChat(user), 'personal', undefined, channel);
    const response = await h.teams.post({ ...activity, type: 'message', text: entry.action });
    expect(response.status).toBe(200);
    const sent = h.connector.sentTo(conversationId);
    expect(sent.length).toBeGreaterThan(before);
    return cardOf(sent.at(-1));
  }

  /** The cell as the user experienced it; "leak" when a refusal still showed the confidential purpose. */
  function observed(entry: Entry, subject: Target, answer: unknown): string {
    const texts = typeof answer === 'string' ? [answer] : cardTexts(answer);
    const json = JSON.stringify(answer ?? '');
    const purposeShown = subject.secret !== undefined && json.includes(subject.secret);
    if (texts.some((text) => refusals.includes(text))) return purposeShown ? 'leak' : '—';
    if (!entry.shows) return 'yes';
    const shown =
      entry.shows === 'purpose'
        ? purposeShown
        : cardActions(answer).some((action) => action.verb === 'system.view' && action.data.id === subject.systemId);
    if (shown) return 'yes';
    if (!texts.includes(subject.name) || purposeShown) return 'not shown';
    const categories = [...Object.values(da.systems.categories), ...Object.values(en.systems.categories)];
    return texts.some((text) => categories.includes(text)) ? 'categories' : 'names';
  }

  it('allows exactly what the matrix says, and a refused change leaves the record as it was', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const entry of matrix) {
      const row = `${entry.action}${entry.label ? ` ${entry.label}` : ''}`;
      for (const who of everyone) {
        const user = people.get(who) as TestUser;
        // A list shows at most 40 systems: each list cell starts from a register holding only its subject.
        if (entry.shows && entry.shows !== 'purpose') await clearRegister();
        const subject = await target(entry.needs ?? 'nothing', user);
        if (entry.needs === 'nothing' || !entry.needs) subject.ownerId = user.aadObjectId;
        const before = await entry.state?.(subject);
        const answer = await attempt(entry, user, entry.data?.(subject) ?? {});
        const cell = cellOf(entry, who);
        seen.push(`${row} × ${who}: ${observed(entry, subject, answer)}`);
        expected.push(`${row} × ${who}: ${cell}`);
        if (entry.state) {
          const changed = (await entry.state(subject)) !== before;
          seen.push(`${row} × ${who}: ${changed ? 'changed' : 'unchanged'}`);
          expected.push(`${row} × ${who}: ${cell === 'yes' ? 'changed' : 'unchanged'}`);
        }
      }
    }
    expect(seen).toEqual(expected);
  }, 180_000);

  it('is the table published in docs/SECURITY.md', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'SECURITY.md'), 'utf8');
    expect(tableIn(doc)).toEqual(matrixRows());
  });
});
