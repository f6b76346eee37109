import { loadConfigOrExit } from '../src/config';
import { systemClock } from '../src/clock';
import { TableAuditLog } from '../src/storage/audit-repository';
import { createTables } from '../src/storage/tables';

/**
 * `npm run audit:verify`: checks every chain of the audit log (P10 integrity) with the bot's own
 * storage settings, prints a line per chain and names the first broken record of each broken one.
 * Exit code 0 when every chain is intact, 1 when one is broken, 78 on bad configuration.
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
  process.exit(breaks.length > 0 ? 1 : 0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`audit:verify failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(2);
});
