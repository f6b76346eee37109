import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TableClient } from '@azure/data-tables';
import { systemClock } from '../../src/clock';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { cardIn, dataOf } from '../support/cards';
import { numberOn, submitReport } from '../support/incidents';
import { newUser, startHarness, type Harness } from '../support/harness';
import { answersRequiringDpia } from '../support/screenings';

const root = path.join(__dirname, '..', '..');

/** Runs `npm run audit:verify` against the harness's tables. */
const verifyScript = (prefix: string) =>
  spawnSync(process.execPath, [path.join(root, 'node_modules', '.bin', 'tsx'), 'scripts/audit-verify.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      STORAGE_CONNECTION_STRING: process.env.TEST_AZURITE_CONNECTION_STRING,
      TABLE_PREFIX: prefix,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** Rewrites a stored record's JSON behind the bot's back, as someone with storage access could. */
async function silentlyEdit(table: TableClient, filter: string, edit: (record: any) => void): Promise<void> {
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    const record = JSON.parse(String(row.json));
    edit(record);
    await table.updateEntity(
      { partitionKey: row.partitionKey as string, rowKey: row.rowKey as string, json: JSON.stringify(record) },
      'Merge',
    );
  }
}

/** P10: breach decisions, DPIA outcomes and criticality confirmations cannot be rewritten unseen (#16 item 11). */
describe('decisions in the audit log', () => {
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  let h: Harness;
  let number: string;
  let systemId: string;
  let screeningId: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await h.registerChannel('coordinator');
    await h.teams.say(owner, 'hjælp');
  });
  afterAll(() => h.close());

  it('records a breach decision, a DPIA outcome and a criticality confirmation; verify finds them intact', async () => {
    number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
    const view = await h.teams.act(coordinator, 'incident.view', { number });
    const version = Number(JSON.stringify(view.body?.value).match(/"version":(\d+)/)?.[1]);
    await h.teams.act(coordinator, 'incident.breach.decision', {
      number,
      version,
      decision: 'notNotify',
      justification: 'Krypteret disk; ingen risiko for de registrerede',
      consequences: 'Ingen: disken var krypteret',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
    });

    const registered = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name: 'Elevplan',
        purpose: 'Elevadministration',
        supplier: 'Leverandør A/S',
        owner: owner.aadObjectId,
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    systemId = String(dataOf(registered, 'system.classify').id);
    const form = cardIn(await h.teams.act(coordinator, 'system.classify', { id: systemId }));
    const proposed = cardIn(
      await h.teams.act(coordinator, 'system.classify', {
        id: systemId,
        version: dataOf(form, 'system.classify').version,
        step: 'propose',
        lifeHealth: 'no',
        impact: 'shorterOutage',
        statutory: 'yes',
        sensitive: 'no',
      }),
    );
    await h.teams.act(coordinator, 'system.confirm', { ...dataOf(proposed, 'system.confirm'), category: 'critical' });

    const started = cardIn(await h.teams.act(coordinator, 'dpia.start', { id: systemId, trigger: 'new' }));
    screeningId = String(dataOf(started, 'dpia.view').id);
    const preview = cardIn(
      await h.teams.act(owner, 'dpia.answer', {
        id: screeningId,
        ...answersRequiringDpia,
      }),
    );
    await h.teams.act(owner, 'dpia.confirm', dataOf(preview, 'dpia.confirm'));

    const records = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('decisions');
    expect(records.map((record) => [record.action, record.subject])).toEqual([
      ['breach.decision', number],
      ['criticality.confirmed', systemId],
      ['dpia.outcome', screeningId],
    ]);
    // No free text or personal data in the audit log: it is never anonymised.
    expect(JSON.stringify(records)).not.toContain('Krypteret');

    const result = verifyScript(h.prefix);
    expect(result.stdout).toContain('decisions: intact, 3 records');
    expect(result.stdout).toContain('decisions: 3 checked, 0 changed outside the bot');
    expect(result.status).toBe(0);
  });

  it('names a breach decision, a DPIA outcome and a category changed in storage behind the bot', async () => {
    await silentlyEdit(h.bot.tables.client('Incidents'), "RowKey gt 'i' and RowKey lt 'j'", (incident) => {
      incident.breachDecision.notify = true;
    });
    await silentlyEdit(h.bot.tables.client('Screenings'), "RowKey eq 'record'", (screening) => {
      screening.answer.result.outcome = 'neither';
    });
    await silentlyEdit(h.bot.tables.client('Systems'), "RowKey eq 'record'", (system) => {
      system.criticality.category = 'nonCritical';
    });
    const result = verifyScript(h.prefix);
    expect(result.stdout).toContain(`breach ${number}: CHANGED — differs from its audit record`);
    expect(result.stdout).toContain(`screening ${screeningId}: CHANGED — differs from its audit record`);
    expect(result.stdout).toContain(`criticality ${systemId}: CHANGED — differs from its audit record`);
    expect(result.status).toBe(1);
  });
});
