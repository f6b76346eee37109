/**
 * B1's storage floors for the write scenarios, in a child process of their own: the storage calls
 * of an incident submit (`submit`) or an approval click (`approval`) made directly — the bot's own
 * service and repositories wired as `src/start.ts` wires them (so the same reads, transactions,
 * eTag writes and group commits), called by `FLOOR_CONNECTIONS` concurrent callers for
 * `FLOOR_SECONDS` after `FLOOR_WARMUP` seconds — with no HTTP, Teams, card or handler in between.
 * What separates the bot's p99 from this floor's is the bot's own cost; the floor is Azurite's.
 *
 * Prints `storage-floor measuring` when the measured run starts and `storage-floor <json>` (the
 * figures and storage calls per operation, counted by `lib/storage-calls.cjs`) when it ends.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import type { Role } from '../src/features/access/roles';
import { ApprovalService } from '../src/features/approvals/service';
import { auditedIncidents } from '../src/features/audit/audited-repositories';
import { parseReport, pickInputs } from '../src/features/incidents/report-form';
import { IncidentService, type IncidentActor } from '../src/features/incidents/service';
import { TableApprovalRepository } from '../src/storage/approval-repository';
import { TableAuditLog } from '../src/storage/audit-repository';
import { TableIncidentRepository } from '../src/storage/incident-repository';
import { createTables } from '../src/storage/tables';
import { benchUser, reportData, TENANT } from './lib/activities';
import { seedApprovals } from './lib/seed-approvals';
const storageCalls = require('./lib/storage-calls.cjs') as Record<string, number>;

type Decider = Parameters<ApprovalService['decide']>[0];

const kind = process.argv[2];
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const connectionString = env('STORAGE_CONNECTION_STRING');
const prefix = env('TABLE_PREFIX');
const connections = Number(env('FLOOR_CONNECTIONS'));
const seconds = Number(env('FLOOR_SECONDS'));
const warmup = Number(process.env.FLOOR_WARMUP ?? '0');
const config = loadConfig({ STORAGE_CONNECTION_STRING: connectionString });
const tables = createTables(config.storage, prefix);
const audit = new TableAuditLog(tables.client('Audit'), systemClock);

/** The operation one caller repeats: one submit or one approval, as the bot's handler calls it. */
async function operation(): Promise<() => Promise<void>> {
  await tables.ensureAll();
  if (kind === 'submit') {
    const incidents = new IncidentService(
      auditedIncidents(new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex')), audit),
      systemClock,
    );
    const reporters: IncidentActor[] = Array.from({ length: 64 }, (_, i) => {
      const user = benchUser(`Medarbejder ${i}`);
      return { userId: user.id, name: user.name, roles: new Set<Role>(), locale: 'da' };
    });
    const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    let n = 0;
    const submit = async () => {
      const data = reportData(today);
      const report = parseReport(pickInputs(data), systemClock.now());
      const { created } = await incidents.report(
        reporters[n++ % reporters.length] as IncidentActor,
        report,
        randomUUID(),
      );
      if (!created) throw new Error('a fresh submission was not created');
    };
    // 50 incidents before the run, as the bot scenario reports through the bot.
    for (let i = 0; i < 50; i++) await submit();
    return submit;
  }
  if (kind === 'approval') {
    const approvals = new ApprovalService(
      new TableApprovalRepository(tables.client('Reviews')),
      audit,
      systemClock,
      config.reviews.requiredApprovals,
      { allowSelfDecision: config.reviews.allowSelfDecision },
    );
    const items = await seedApprovals(connectionString, prefix, 8000);
    let clicks = 0;
    return async () => {
      const item = items[clicks++ % items.length] as (typeof items)[number];
      // As the bot's actor in the management channel (TENANT is the bench's activities' tenant).
      const actor: Decider = {
        userId: item.approver.id,
        name: item.approver.name,
        tenantId: TENANT,
        locale: 'da',
        conversationType: 'channel',
        roles: new Set<Role>(['management']),
      };
      const { result } = await approvals.decide(actor, item.id, 1, 'approve', '');
      if (result !== 'recorded') throw new Error(`an approval was not recorded: ${result}`);
    };
  }
  throw new Error(`unknown storage floor ${kind}`);
}

/** `connections` callers repeating `run` for `forSeconds`; each call's time in ms. */
async function drive(run: () => Promise<void>, forSeconds: number) {
  const end = performance.now() + forSeconds * 1000;
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const caller = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        await run();
        times.push(performance.now() - started);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, caller));
  return { times, errors, firstError, wall: (performance.now() - started) / 1000 };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function main(): Promise<void> {
  const run = await operation();
  if (warmup > 0) await drive(run, warmup);
  const callsBefore = { ...storageCalls };
  process.stdout.write('storage-floor measuring\n');
  const { times, errors, firstError, wall } = await drive(run, seconds);
  const calls: Record<string, number> = {};
  for (const [key, count] of Object.entries(storageCalls)) {
    const delta = count - (callsBefore[key] ?? 0);
    if (delta > 0) calls[key] = delta / Math.max(1, times.length);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const result = {
    reqPerSec: times.length / wall,
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    requests: times.length,
    errors,
    firstError,
    storageCalls: Object.fromEntries(Object.entries(calls).sort(([, a], [, b]) => b - a)),
  };
  process.stdout.write(`storage-floor ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`storage floor failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
