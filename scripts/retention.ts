import { loadConfigOrExit } from '../src/config';
import { systemClock } from '../src/clock';
import { composeRetention } from '../src/compose';
import { TableAuditLog } from '../src/storage/audit-repository';
import { createTables } from '../src/storage/tables';

/**
 * `npm run retention [-- --dry-run]`: anonymises every closed incident, settled DPIA screening and
 * decided violation referral whose retention period (RETENTION_INCIDENT_YEARS /
 * RETENTION_SCREENING_YEARS / RETENTION_REFERRAL_YEARS) has ended, with the bot's own storage settings,
 * and records the run in the audit log. `--dry-run` lists what would be anonymised and changes
 * nothing. Exit code 0 on success, 78 on bad configuration, 2 on failure.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const dryRun = process.argv.slice(2).includes('--dry-run');
  const tables = createTables(config.storage, config.tablePrefix);
  const audit = new TableAuditLog(tables.client('Audit'), systemClock);
  const report = await composeRetention({ tables, config, clock: systemClock, audit })(dryRun);
  const verb = dryRun ? 'would anonymise' : 'anonymised';
  const { incidentYears, screeningYears, referralYears } = config.retention;
  process.stdout.write(
    `incidents: kept ${incidentYears} years (closed before ${report.incidents.cutoff.slice(0, 10)} are due)\n` +
      `screenings: kept ${screeningYears} years (settled before ${report.screenings.cutoff.slice(0, 10)} are due)\n` +
      `referrals: kept ${referralYears} years (decided before ${report.referrals.cutoff.slice(0, 10)} are due)\n`,
  );
  const anonymised = [...report.incidents.anonymised, ...report.screenings.anonymised, ...report.referrals.anonymised];
  for (const item of anonymised) {
    process.stdout.write(`${verb} ${item.label} (since ${item.since.slice(0, 10)})\n`);
  }
  if (report.earlierRunsRecorded > 0)
    process.stdout.write(`recorded ${report.earlierRunsRecorded} earlier run(s) whose audit record was missing\n`);
  for (const label of report.conflicts) process.stdout.write(`skipped ${label}: changed during the run\n`);
  process.stdout.write(
    `${report.incidents.anonymised.length} incident(s), ${report.screenings.anonymised.length} screening(s) and ` +
      `${report.referrals.anonymised.length} referral(s) ` +
      (dryRun ? 'would be anonymised' : 'anonymised') +
      (dryRun
        ? '; nothing changed (dry run)\n'
        : `, ${report.incidents.historyRows} history row(s) rewritten; recorded in the audit log\n`),
  );
  process.exit(0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`retention failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(2);
});
