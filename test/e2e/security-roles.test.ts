import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { da } from '../../src/i18n/catalogs';
import type { Role } from '../../src/features/access/roles';
import { cardOf, cardTexts } from '../support/cards';
import { newUser, startHarness, TeamsClient, type Harness, type TeamsChannel, type TestUser } from '../support/harness';
import { numberOn, submitReport, validReport } from '../support/incidents';
import { grant, storedIncident } from '../support/fault-records';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { roleTableIn } from '../support/markdown-table';
import { dialogCard, dialogMessage, fetchTask, submitAction } from '../support/message-actions';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { TableAwarenessRepository } from '../../src/storage/awareness-repository';
import { campaignIdOf } from '../../src/features/awareness/model';

/**
 * P10 role matrix: every card verb and command × every kind of user, walked over HTTP.
 * The same table is in docs/SECURITY.md (a test below keeps the two identical).
 * A feature under construction adds its rows here as data.
 */
type Who = Role | 'noRole' | 'guest';
const everyone: Who[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'noRole', 'guest'];
const coordinatorOnly: Who[] = ['coordinator'];

/** What a row needs before it runs: an incident reported by somebody else, with a measure, a role holder, … */
type Needs =
  | 'nothing'
  | 'incident'
  | 'measure'
  | 'notified'
  | 'supplemented'
  | 'nis2'
  | 'nis2Recorded'
  | 'hrHolder'
  | 'approvedVersion'
  | 'askedCampaign';
const nobody: Who[] = [];

/** The record a row acts on, prepared fresh for each cell. */
interface Target {
  number: string;
  version: number;
  measureId?: string;
  /** A person (Entra id) the row grants a role to or revokes one from. */
  person: string;
  /** An approved policy version (an approval item's id) a read campaign can be started for. */
  approvalId?: string;
  /** A read campaign the acting user was asked in. */
  campaignId?: string;
  /** The acting user, where the effect is theirs (their own confirmation). */
  actor?: string;
}

interface Entry {
  feature: string;
  /** A card verb, or a typed command (the first word is shown in the table). */
  action: string;
  kind: 'verb' | 'command' | 'messageAction';
  allowed: Who[];
  needs?: Needs;
  /** Run in a team channel instead of the personal chat. */
  inChannel?: boolean;
  /** Card data for the action, given the record it acts on. */
  data?: (target: Target) => Record<string, unknown>;
  /** True when an allowed run changes the incident (its stored version goes up; a refused one leaves it). */
  changes?: boolean;
  /** How many versions an allowed run adds (a measure added, then its delivery to the owner: 2); default 1. */
  versions?: number;
  /** Whether the row's effect is in storage afterwards (it must be exactly when the row is allowed). */
  effect?: (h: Harness, target: Target) => Promise<boolean>;
}

const holdsHr = async (h: Harness, target: Target) =>
  (await new TableRoleRepository(h.bot.tables.client('Roles')).rolesOf(target.person)).has('hr');

const awarenessIn = (h: Harness) => new TableAwarenessRepository(h.bot.tables.client('Awareness'));

/** A policy version approved by the steering group (P9), stored as the approval flow leaves it. */
async function approvedVersion(h: Harness): Promise<string> {
  const id = `pol-${randomUUID().slice(0, 8)}`;
  const at = '2026-11-20T10:00:00.000Z';
  await new TableApprovalRepository(h.bot.tables.client('Reviews')).create({
    id,
    kind: 'policyRevision',
    state: 'approved',
    createdAt: at,
    rounds: [
      {
        round: 1,
        title: 'Informationssikkerhedspolitik',
        version: '1.2',
        link: 'https://intranet.kommune.dk/politik-1.2.pdf',
        summary: 'Nye regler.',
        material: false,
        submittedBy: 'setup',
        submittedByName: 'Mette Kjær',
        submittedAt: at,
        required: 1,
        decisions: [{ by: 'chair', byName: 'Birgitte Holm', at, decision: 'approve', comment: '' }],
        outcome: 'approved',
        closedAt: at,
      },
    ],
  });
  return id;
}

const matrix: Entry[] = [
  { feature: 'help', action: 'hjælp', kind: 'command', allowed: everyone },
  { feature: 'help', action: 'politik', kind: 'command', allowed: everyone },
  { feature: 'help', action: 'help.menu', kind: 'verb', allowed: everyone },
  { feature: 'help', action: 'help.policy', kind: 'verb', allowed: everyone },
  { feature: 'incidents', action: 'meld hændelse', kind: 'command', allowed: everyone },
  { feature: 'incidents', action: 'mine hændelser', kind: 'command', allowed: everyone },
  { feature: 'incidents', action: 'åbne hændelser', kind: 'command', allowed: coordinatorOnly },
  { feature: 'incidents', action: 'incident.new', kind: 'verb', allowed: everyone },
  { feature: 'incidents', action: 'incident.submit', kind: 'verb', allowed: everyone, data: () => validReport() },
  { feature: 'incidents', action: 'incident.mine', kind: 'verb', allowed: everyone },
  { feature: 'incidents', action: 'reportMessage fetchTask', kind: 'messageAction', allowed: everyone },
  {
    feature: 'incidents',
    action: 'reportMessage submitAction',
    kind: 'messageAction',
    allowed: everyone,
    data: () => validReport(),
  },
  { feature: 'incidents', action: 'incident.open', kind: 'verb', allowed: coordinatorOnly },
  {
    feature: 'incidents',
    action: 'incident.view',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.refresh',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.triage',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    changes: true,
    data: ({ number, version }) => ({ number, version, severity: 'high', state: 'inProgress' }),
  },
  {
    feature: 'incidents',
    action: 'incident.measure.add',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    changes: true,
    versions: 2,
    data: ({ number, version, person }) => ({
      number,
      version,
      measureText: 'Spær maskinen',
      measureOwnerPick: person,
      measureDue: '2026-12-31',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.measures',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  { feature: 'measures', action: 'mine opgaver', kind: 'command', allowed: everyone },
  { feature: 'measures', action: 'measure.tasks', kind: 'verb', allowed: everyone },
  {
    // Another person's measure: only its owner (by identity, whatever their role) opens or completes it.
    feature: 'measures',
    action: 'measure.task',
    kind: 'verb',
    allowed: nobody,
    needs: 'measure',
    data: ({ number, measureId }) => ({ number, measureId }),
  },
  {
    feature: 'measures',
    action: 'measure.complete',
    kind: 'verb',
    allowed: nobody,
    needs: 'measure',
    changes: true,
    data: ({ number, measureId }) => ({ number, measureId, comment: 'Gjort.' }),
  },
  {
    feature: 'incidents',
    action: 'incident.measure.done',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'measure',
    changes: true,
    data: ({ number, version, measureId }) => ({ number, version, measureId }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.decision',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      decision: 'notNotify',
      justification: 'Disken var krypteret.',
      consequences: 'Ingen for de registrerede.',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.assess',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.form',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.details',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.details.save',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      subjectCategories: 'citizens',
      estimatedPeople: '45',
      dpoName: 'Karen Lund',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.supplement',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'notified',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      supplementDate: '2026-11-28',
      supplementTime: '09:00',
      supplementNote: 'Antal berørte opdateret',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.breach.supplement.correct',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'supplemented',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      supplementCorrects: '1',
      supplementDate: '2026-11-28',
      supplementTime: '09:30',
      supplementNote: 'Antal berørte opdateret',
      supplementReason: 'Klokkeslættet var tastet forkert.',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.awareness',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'incident',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      awarenessDate: '2026-11-27',
      awarenessTime: '09:00',
      awarenessReason: 'Mailen blev først læst næste morgen.',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.nis2.sent',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'nis2',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      step: 'earlyWarning',
      nis2EarlyWarningDate: '2026-11-27',
      nis2EarlyWarningTime: '10:00',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.nis2.updates',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'nis2',
    data: ({ number }) => ({ number }),
  },
  {
    feature: 'incidents',
    action: 'incident.nis2.update',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'nis2',
    changes: true,
    data: ({ number, version }) => ({
      number,
      version,
      updateKind: 'interim',
      updateRequestedDate: '2026-11-27',
      updateRequestedTime: '09:30',
      updateSentDate: '2026-11-27',
      updateSentTime: '10:00',
    }),
  },
  {
    feature: 'incidents',
    action: 'incident.nis2.clear',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'nis2Recorded',
    changes: true,
    data: ({ number, version }) => ({ number, version, step: 'earlyWarning' }),
  },
  { feature: 'incidents', action: 'incident.export', kind: 'verb', allowed: coordinatorOnly },
  { feature: 'channels', action: 'opsætning', kind: 'command', allowed: everyone, inChannel: true },
  {
    feature: 'channels',
    action: 'channel.assign',
    kind: 'verb',
    allowed: coordinatorOnly,
    inChannel: true,
    data: () => ({ purpose: 'management' }),
  },
  { feature: 'roles', action: 'roller', kind: 'command', allowed: coordinatorOnly },
  {
    feature: 'roles',
    action: 'role.list',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: () => ({ role: 'coordinator', from: 0 }),
  },
  {
    feature: 'roles',
    action: 'role.grant',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: ({ person }) => ({ person, role: 'hr' }),
    effect: holdsHr,
  },
  {
    feature: 'roles',
    action: 'role.revoke',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'hrHolder',
    data: ({ person }) => ({ userId: person, role: 'hr' }),
    effect: async (h, target) => !(await holdsHr(h, target)),
  },
  { feature: 'awareness', action: 'læst og forstået', kind: 'command', allowed: coordinatorOnly },
  { feature: 'awareness', action: 'awareness.status', kind: 'verb', allowed: coordinatorOnly },
  {
    feature: 'awareness',
    action: 'awareness.start',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'approvedVersion',
    data: ({ approvalId }) => ({ approvalId }),
    effect: async (h, { approvalId }) =>
      (await awarenessIn(h).campaign(campaignIdOf(approvalId as string, 1))) !== undefined,
  },
  {
    feature: 'awareness',
    action: 'awareness.confirm',
    kind: 'verb',
    allowed: everyone,
    needs: 'askedCampaign',
    data: ({ campaignId }) => ({ campaignId }),
    effect: async (h, { campaignId, actor }) =>
      (await awarenessIn(h).request(campaignId as string, actor as string))?.confirmedAt !== undefined,
  },
  {
    feature: 'awareness',
    action: 'awareness.export',
    kind: 'verb',
    allowed: coordinatorOnly,
    needs: 'askedCampaign',
    data: ({ campaignId }) => ({ campaignId }),
  },
  { feature: 'referrals', action: 'henvis overtrædelse', kind: 'command', allowed: coordinatorOnly },
  { feature: 'referrals', action: 'henvisninger', kind: 'command', allowed: ['coordinator', 'hr'] },
  { feature: 'referrals', action: 'violation.new', kind: 'verb', allowed: coordinatorOnly },
  { feature: 'referrals', action: 'violation.list', kind: 'verb', allowed: ['coordinator', 'hr'] },
  {
    feature: 'referrals',
    action: 'violation.submit',
    kind: 'verb',
    allowed: coordinatorOnly,
    data: () => ({ person: 'Medarbejder X', what: 'Delte sin adgangskode.' }),
  },
];

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

/** The matrix as the rows of the Markdown table in docs/SECURITY.md (cells trimmed). */
function matrixRows(entries: Entry[] = matrix): string[][] {
  const header = ['feature', 'action', ...everyone.map((who) => whoHeader[who])];
  const rows = entries.map((entry) => [
    entry.feature,
    entry.kind === 'command' ? `"${entry.action}"` : `\`${entry.action}\``,
    ...everyone.map((who) => (entry.allowed.includes(who) ? 'yes' : '—')),
  ]);
  return [header, ...rows];
}

/** The rows of the role table in a Markdown document. */
const tableIn = (markdown: string): string[][] => roleTableIn(markdown, everyone.length + 2);

const refusals = [da.common.errorForbidden, da.common.errorNotFound, da.incidents.notice.restricted];

describe('role matrix (P10): every action × every role, over HTTP', () => {
  const people = new Map<Who, TestUser>();
  const coordinatorForSetup = newUser('Mette Kjær');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinatorForSetup] });
    for (const who of everyone) {
      const user = newUser(who === 'guest' ? 'Ekstern Konsulent (Gæst)' : `Bruger ${who}`);
      people.set(who, user);
      if (who !== 'noRole' && who !== 'guest') await grant(h, user.aadObjectId, who);
    }
  });
  afterAll(() => h.close());

  /** The record a cell acts on: an incident reported by someone else (with a measure), or a role holder. */
  async function target(needs: Needs, user: TestUser): Promise<Target> {
    const person = newUser('Ny Person').aadObjectId; // a member of the tenant, whom Teams finds
    if (needs === 'nothing') return { number: '', version: 0, person };
    if (needs === 'approvedVersion') return { number: '', version: 0, person, approvalId: await approvedVersion(h) };
    if (needs === 'askedCampaign') {
      // The campaign of a fresh approved version, the acting user asked in it (as the fan-out does).
      const approvalId = await approvedVersion(h);
      const started = await h.teams.act(coordinatorForSetup, 'awareness.start', { approvalId });
      expect(started.status).toBe(200);
      const campaignId = campaignIdOf(approvalId, 1);
      const { created } = await awarenessIn(h).ask(campaignId, {
        userId: user.aadObjectId,
        group: 'employee',
        askedAt: '2026-12-01T09:00:00.000Z',
      });
      if (!created) throw new Error('setup request not stored');
      return { number: '', version: 0, person, campaignId, actor: user.aadObjectId };
    }
    if (needs === 'hrHolder') {
      await grant(h, person, 'hr');
      return { number: '', version: 0, person };
    }
    const reporter = newUser('Anden Medarbejder');
    const number = numberOn(await submitReport(h.teams, reporter));
    if (needs === 'measure') {
      await h.teams.act(coordinatorForSetup, 'incident.measure.add', {
        number,
        version: 1,
        measureText: 'Spær maskinen',
        measureOwnerPick: person,
        measureDue: '2026-12-31',
      });
    }
    if (needs === 'notified' || needs === 'supplemented') {
      // Discovered 27.11 08:15 (the report's): Datatilsynet notified at 10:00 that day.
      await h.teams.act(coordinatorForSetup, 'incident.breach.decision', {
        number,
        version: 1,
        decision: 'notify',
        justification: 'CPR-numre sendt til forkert modtager.',
        consequences: 'Risiko for identitetstyveri.',
        notifiedDate: '2026-11-27',
        notifiedTime: '10:00',
        subjectsChoice: 'undecided',
      });
    }
    if (needs === 'supplemented') {
      await h.teams.act(coordinatorForSetup, 'incident.breach.supplement', {
        number,
        version: 2,
        supplementDate: '2026-11-28',
        supplementTime: '09:00',
        supplementNote: 'Antal berørte opdateret',
      });
    }
    if (needs === 'nis2' || needs === 'nis2Recorded') {
      // Marked significant, aware since 27.11 09:00 (so a report sent at 10:00 that day is possible).
      await h.teams.act(coordinatorForSetup, 'incident.triage', { number, version: 1, nis2Significant: 'true' });
      await h.teams.act(coordinatorForSetup, 'incident.awareness', {
        number,
        version: 2,
        awarenessDate: '2026-11-27',
        awarenessTime: '09:00',
        awarenessReason: 'Driften så det dagen før.',
      });
    }
    if (needs === 'nis2Recorded') {
      await h.teams.act(coordinatorForSetup, 'incident.nis2.sent', {
        number,
        version: 3,
        step: 'earlyWarning',
        nis2EarlyWarningDate: '2026-11-27',
        nis2EarlyWarningTime: '10:00',
      });
    }
    const stored = await storedIncident(h, number);
    if (!stored) throw new Error('setup incident missing');
    return { number, version: stored.version, measureId: stored.measures[0]?.id, person };
  }

  /** Performs the entry as the user; 'allowed' or 'refused' as the user sees it. */
  async function attempt(entry: Entry, user: TestUser, data: Record<string, unknown>) {
    const channel: TeamsChannel | undefined = entry.inChannel
      ? { id: `19:${randomUUID()}@thread.tacv2`, teamId: `19:team-${randomUUID()}@thread.tacv2` }
      : undefined;
    let texts: string[];
    if (entry.kind === 'messageAction') {
      const answer = entry.action.endsWith('submitAction')
        ? await submitAction(h.teams, user, data)
        : await fetchTask(h.teams, user);
      expect(answer.status).toBe(200);
      const message = dialogMessage(answer);
      texts = message === undefined ? cardTexts(dialogCard(answer)) : [message];
    } else if (entry.kind === 'verb') {
      const answer = await h.teams.act(user, entry.action, data, { channel });
      expect(answer.status).toBe(200);
      const value = answer.body?.value;
      texts = typeof value === 'string' ? [value] : cardTexts(value);
    } else {
      const conversationId = channel ? `${channel.id};messageid=1700000000000` : TeamsClient.personalChat(user);
      const before = h.connector.sentTo(conversationId).length;
      const activity = h.teams.base(user, TeamsClient.personalChat(user), 'personal', undefined, channel);
      const response = await h.teams.post({ ...activity, type: 'message', text: entry.action });
      expect(response.status).toBe(200);
      const sent = h.connector.sentTo(conversationId);
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
        const user = people.get(who) as TestUser;
        const subject = await target(entry.needs ?? 'nothing', user);
        const data = entry.data?.(subject) ?? {};
        const outcome = await attempt(entry, user, data);
        seen.push(`${entry.action} × ${who}: ${outcome}`);
        expected.push(`${entry.action} × ${who}: ${entry.allowed.includes(who) ? 'allowed' : 'refused'}`);
        if (entry.effect) {
          const stored = await entry.effect(h, subject);
          seen.push(`${entry.action} × ${who}: ${stored ? 'stored' : 'not stored'}`);
          expected.push(`${entry.action} × ${who}: ${entry.allowed.includes(who) ? 'stored' : 'not stored'}`);
        }
        if (entry.changes) {
          const after = await storedIncident(h, subject.number);
          const changed = after?.version === subject.version + (entry.versions ?? 1);
          seen.push(`${entry.action} × ${who}: ${changed ? 'changed' : 'unchanged'}`);
          expected.push(`${entry.action} × ${who}: ${entry.allowed.includes(who) ? 'changed' : 'unchanged'}`);
        }
      }
    }
    expect(seen).toEqual(expected);
  }, 240_000);

  it('is the table published in docs/SECURITY.md', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'SECURITY.md'), 'utf8');
    expect(tableIn(doc)).toEqual(matrixRows());
  });
});
