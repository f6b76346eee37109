import { loadConfigOrExit } from '../src/config';
import { systemClock } from '../src/clock';
import { checkDecisions, DECISIONS } from '../src/features/audit/decision-records';
import { TableAuditLog } from '../src/storage/audit-repository';
import { currentDecisions } from '../src/storage/decision-scan';
import { createTables } from '../src/storage/tables';

/**
 * `npm run audit:verify`: checks every chain of the audit log (P10 integrity) with the bot's own
 * storage settings, prints a line per chain and names the first broken record of each broken one.
 * Then compares every breach decision, DPIA outcome and criticality confirmation the records hold
 * with its latest audit record, naming each record changed outside the bot. Exit code 0 when every
 * chain is intact and every decision matches, 1 otherwise, 78 on bad configuration.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const tables = createTables(config.storage, config.tablePrefix);
  const log = new TableAuditLog(tables.client('Audit'), systemClock);
  const { chains, breaks } = await log.verify();
  for (const { chain, records } of chains) {
    const broken = breaks.find((found) => found.chain === chain);
    process.stdout.write(
      broken
        ? `${chain}: BROKEN at record ${broken.seq} (${broken.reason}) — ${records} records\n`
        : `${chain}: intact, ${records} records\n`,
    );
  }
  if (chains.length === 0) process.stdout.write('audit log is empty\n');
  const states = await currentDecisions({
    incidents: tables.client('Incidents'),
    screenings: tables.client('Screenings'),
    systems: tables.client('Systems'),
  });
  const { mismatches, unaudited } = checkDecisions(states, await log.read(DECISIONS));
  for (const found of mismatches) process.stdout.write(`${found.kind} ${found.subject}: CHANGED — ${found.reason}\n`);
  for (const found of unaudited) process.stdout.write(`${found.kind} ${found.subject}: note — ${found.reason}\n`);
  process.stdout.write(
    `decisions: ${states.filter((state) => state.decided).length} checked, ${mismatches.length} changed outside the bot\n`,
  );
  process.exit(breaks.length > 0 || mismatches.length > 0 ? 1 : 0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`audit:verify failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(2);
});
