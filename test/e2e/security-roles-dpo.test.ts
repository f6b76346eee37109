import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { da } from '../../src/i18n/catalogs';
import type { Role } from '../../src/features/access/roles';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grant, storedIncident } from '../support/fault-records';
import { numberOn, submitReport } from '../support/incidents';
import { newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { roleTableIn } from '../support/markdown-table';
import { answersRequiringDpia } from '../support/screenings';
import { png } from '../support/evidence-files';

/**
 * P10 role matrix for the data protection officer (GDPR art. 37–39, #16 item 8): what the DPO may
 * do, and that the rest stays the coordinator's — every row × every kind of user, walked over HTTP
 * with a fresh record per cell. The same table is in docs/SECURITY.md, section "Role matrix — the
 * data protection officer" (a test below keeps the two identical). In the other two matrices the
 * DPO is not a column; for their actions the DPO has no more access than "no role".
 */
type Who = Role | 'noRole' | 'guest';
const everyone: Who[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'dpo', 'noRole', 'guest'];
const header: Record<Who, string> = {
  coordinator: 'coordinator',
  management: 'management',
  steering: 'steering',
  hr: 'hr',
  systemOwner: 'systemOwner',
  dpo: 'dpo',
  noRole: 'no role',
  guest: 'guest',
};

/** `…File`: the incident with one evidence file, attached by the coordinator (#20). */
type Needs = 'nothing' | 'breach' | 'incident' | 'nis2' | 'breachFile' | 'incidentFile' | 'screening';

interface Target {
  number: string;
  version: number;
  screeningId: string;
  person: string;
  /** The evidence file on the incident (`…File` needs). */
  fileId?: string;
}

interface Entry {
  feature: string;
  action: string;
  kind: 'verb' | 'command';
  label?: string;
  allowed: Who[];
  needs: Needs;
  data?: (target: Target) => Record<string, unknown>;
  /** A snapshot of what the row may change: it must change exactly when the row is allowed. */
  state?: (h: Harness, target: Target) => Promise<string>;
}

const incidentVersion = async (h: Harness, target: Target) => String((await storedIncident(h, target.number))?.version);
const screeningState = async (h: Harness, target: Target) => {
  const stored = await new TableScreeningRepository(
    h.bot.tables.client('Screenings'),
    h.bot.tables.client('ScreeningIndex'),
  ).get(target.screeningId);
  return JSON.stringify({ advice: stored?.screening.dpoAdvice, dpia: stored?.screening.dpia });
};
const rolesOf = async (h: Harness, target: Target) =>
  [...(await new TableRoleRepository(h.bot.tables.client('Roles')).rolesOf(target.person))].join(',');

const matrix: Entry[] = [
  {
    feature: 'incidents',
    action: 'incident.dpo.view',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['dpo'],
    needs: 'breach',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.dpo.view',
    kind: 'verb',
    label: '(not a breach)',
    allowed: [],
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.dpo.advice',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['dpo'],
    needs: 'breach',
    data: ({ number, version }) => ({ number, version, advice: 'Anmeld bruddet til Datatilsynet.' }),
    state: incidentVersion,
  },
  {
    feature: 'incidents',
    action: 'incident.dpo.advice',
    kind: 'verb',
    label: '(not a breach)',
    allowed: [],
    needs: 'incident',
    data: ({ number, version }) => ({ number, version, advice: 'Et råd.' }),
    state: incidentVersion,
  },
  { feature: 'incidents', action: 'åbne hændelser', kind: 'command', allowed: ['coordinator'], needs: 'nothing' },
  {
    feature: 'incidents',
    action: 'incident.view',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['coordinator'],
    needs: 'breach',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.triage',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['coordinator'],
    needs: 'breach',
    data: ({ number, version }) => ({ number, version, severity: 'high', state: 'inProgress' }),
    state: incidentVersion,
  },
  {
    feature: 'incidents',
    action: 'incident.breach.decision',
    kind: 'verb',
    allowed: ['coordinator'],
    needs: 'breach',
    data: ({ number, version }) => ({
      number,
      version,
      decision: 'notNotify',
      justification: 'Disken var krypteret.',
      consequences: 'Ingen for de registrerede.',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
    }),
    state: incidentVersion,
  },
  {
    feature: 'incidents',
    action: 'incident.breach.details.save',
    kind: 'verb',
    allowed: ['coordinator'],
    needs: 'breach',
    data: ({ number, version }) => ({ number, version, subjectCategories: 'citizens', estimatedPeople: '45' }),
    state: incidentVersion,
  },
  {
    feature: 'incidents',
    action: 'incident.breach.record',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['coordinator', 'dpo'],
    needs: 'breach',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.record',
    kind: 'verb',
    label: '(not a breach)',
    allowed: [],
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.record',
    kind: 'verb',
    label: '(NIS2, not a breach)',
    allowed: ['coordinator'],
    needs: 'nis2',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'evidence',
    action: 'evidence.list',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['coordinator', 'dpo'],
    needs: 'breachFile',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'evidence',
    action: 'evidence.list',
    kind: 'verb',
    label: '(not a breach)',
    allowed: ['coordinator'],
    needs: 'incidentFile',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'evidence',
    action: 'evidence.open',
    kind: 'verb',
    label: '(a breach)',
    allowed: ['coordinator', 'dpo'],
    needs: 'breachFile',
    data: ({ number, fileId }) => ({ number, fileId }),
  },
  {
    feature: 'evidence',
    action: 'evidence.open',
    kind: 'verb',
    label: '(not a breach)',
    allowed: ['coordinator'],
    needs: 'incidentFile',
    data: ({ number, fileId }) => ({ number, fileId }),
  },
  {
    feature: 'evidence',
    action: 'evidence.attach',
    kind: 'verb',
    label: "(another person's report)",
    allowed: ['coordinator'],
    needs: 'breach',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'dpia',
    action: 'dpia.view',
    kind: 'verb',
    label: '(answered)',
    allowed: ['coordinator', 'dpo'],
    needs: 'screening',
    data: ({ screeningId }) => ({ id: screeningId }),
  },
  {
    feature: 'dpia',
    action: 'dpia.advice',
    kind: 'verb',
    allowed: ['dpo'],
    needs: 'screening',
    data: ({ screeningId }) => ({ id: screeningId, draftId: randomUUID(), advice: 'Inddrag skolerne.' }),
    state: screeningState,
  },
  {
    feature: 'dpia',
    action: 'dpia.done',
    kind: 'verb',
    allowed: ['coordinator'],
    needs: 'screening',
    data: ({ screeningId }) => ({ id: screeningId, doneDate: '2026-11-01', doneLink: 'https://intranet.dk/dpia' }),
    state: screeningState,
  },
  {
    feature: 'roles',
    action: 'role.grant',
    kind: 'verb',
    label: '(the DPO role)',
    allowed: ['coordinator'],
    needs: 'nothing',
    data: ({ person }) => ({ person, role: 'dpo' }),
    state: rolesOf,
  },
];

const cellOf = (entry: Entry, who: Who) => (entry.allowed.includes(who) ? 'yes' : '—');
function matrixRows(): string[][] {
  return [
    ['feature', 'action', ...everyone.map((who) => header[who])],
    ...matrix.map((entry) => [
      entry.feature,
      `${entry.kind === 'verb' ? `\`${entry.action}\`` : `"${entry.action}"`}${entry.label ? ` ${entry.label}` : ''}`,
      ...everyone.map((who) => cellOf(entry, who)),
    ]),
  ];
}

const SECTION = '## Role matrix — the data protection officer';
const refusals = [da.common.errorForbidden, da.common.errorNotFound, da.incidents.notice.restricted];

describe('role matrix for the data protection officer (P10, GDPR art. 37–39), over HTTP', () => {
  const coordinator = newUser('Mette Kjær');
  const people = new Map<Who, TestUser>();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    for (const who of everyone) {
      const user = newUser(who === 'guest' ? 'Ekstern Konsulent (Gæst)' : `Bruger ${who}`);
      people.set(who, user);
      if (who !== 'noRole' && who !== 'guest') await grant(h, user.aadObjectId, who);
    }
  });
  afterAll(() => h.close());

  async function target(needs: Needs): Promise<Target> {
    const person = newUser('Karen Lund').aadObjectId; // a member of the tenant that Teams knows
    const none = { number: '', version: 0, screeningId: '', person };
    if (needs === 'nothing') return none;
    if (needs !== 'screening') {
      const general = needs === 'incident' || needs === 'incidentFile' || needs === 'nis2';
      const overrides = general ? { kind: 'general', personalData: 'no', personalDataKinds: '' } : {};
      const number = numberOn(await submitReport(h.teams, newUser('Anden Medarbejder'), overrides));
      // A significant incident under NIS2 that is no personal-data breach (#16: its record from the NIS2 card).
      if (needs === 'nis2')
        await h.teams.act(coordinator, 'incident.triage', { number, version: 1, nis2Significant: 'true' });
      if (needs === 'breachFile' || needs === 'incidentFile') {
        await h.teams.act(coordinator, 'evidence.attach', { number });
        await h.teams.sendFile(coordinator, { name: 'skærmbillede.png', bytes: png() });
      }
      const stored = await storedIncident(h, number);
      if (needs.endsWith('File') && !stored?.files?.[0]) throw new Error('setup evidence file not kept');
      return { ...none, number, version: stored?.version ?? 0, fileId: stored?.files?.[0]?.id };
    }
    // An answered screening (a DPIA required) of a system owned by somebody outside the columns.
    const owner = newUser('Lise Holm');
    const saved = await h.teams.act(coordinator, 'system.save', {
      name: `System ${randomUUID()}`,
      purpose: 'Elevadministration',
      supplier: 'Leverandør A/S',
      owner: owner.aadObjectId,
      personalData: 'yes',
      personalDataKinds: 'ordinary',
    });
    const systemId = cardActions(saved.body?.value).find((a) => a.verb === 'system.classify')?.data.id;
    const started = await h.teams.act(coordinator, 'dpia.start', { id: systemId, trigger: 'new' });
    const screeningId = String(cardActions(started.body?.value).find((a) => a.verb === 'dpia.view')?.data.id);
    const preview = await h.teams.act(owner, 'dpia.answer', {
      id: screeningId,
      ...answersRequiringDpia,
    });
    const confirm = cardActions(preview.body?.value).find((a) => a.verb === 'dpia.confirm');
    await h.teams.act(owner, 'dpia.confirm', confirm?.data ?? {});
    return { ...none, screeningId };
  }

  async function attempt(entry: Entry, user: TestUser, data: Record<string, unknown>) {
    let texts: string[];
    if (entry.kind === 'verb') {
      const answer = await h.teams.act(user, entry.action, data);
      expect(answer.status).toBe(200);
      const value = answer.body?.value;
      texts = typeof value === 'string' ? [value] : cardTexts(value);
    } else {
      const chat = TeamsClient.personalChat(user);
      const before = h.connector.sentTo(chat).length;
      await h.teams.say(user, entry.action);
      const sent = h.connector.sentTo(chat);
      expect(sent.length).toBeGreaterThan(before);
      texts = cardTexts(cardOf(sent.at(-1)));
    }
    return texts.some((text) => refusals.includes(text)) ? 'refused' : 'allowed';
  }

  it('allows exactly what the matrix says, and a refused change leaves the record as it was', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const entry of matrix) {
      for (const who of everyone) {
        const subject = await target(entry.needs);
        const before = await entry.state?.(h, subject);
        const outcome = await attempt(entry, people.get(who) as TestUser, entry.data?.(subject) ?? {});
        const name = `${entry.action} ${entry.label ?? ''} × ${who}`;
        seen.push(`${name}: ${outcome}`);
        expected.push(`${name}: ${entry.allowed.includes(who) ? 'allowed' : 'refused'}`);
        if (entry.state) {
          const changed = (await entry.state(h, subject)) !== before;
          seen.push(`${name}: ${changed ? 'changed' : 'unchanged'}`);
          expected.push(`${name}: ${entry.allowed.includes(who) ? 'changed' : 'unchanged'}`);
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
