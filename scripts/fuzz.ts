/**
 * Property-based fuzzing of the running bot (P10): `npm run fuzz [-- --runs 10000 --seed 42]`.
 *
 * Starts its own Azurite and the real bot on free ports, then sends random activities and card
 * payloads (wrong types, huge strings, unknown verbs, deep JSON, control characters, markup) as
 * an employee and as a coordinator. Every case must be answered without a 5xx and without an
 * error in the log; at the end no stored incident may be partial. Exit code 1 on any failure.
 */
import fc from 'fast-check';
import { startAzurite } from '../test/support/azurite';
import { newUser, startHarness } from '../test/support/harness';
import { describeFailure, fuzzCase, partialRecords, problemsWith, sendCase } from '../test/support/fault-fuzz';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<void> {
  const runs = option('runs', 10_000);
  const seed = option('seed', Date.now() % 2_147_483_647);
  const azurite = await startAzurite();
  process.env.TEST_AZURITE_CONNECTION_STRING = azurite.connectionString;
  const coordinator = newUser('Mette Kjær');
  const employee = newUser('Sofie Jensen');
  const h = await startHarness({ coordinators: [coordinator], env: { LOG_LEVEL: 'info' } });
  await h.registerChannel('coordinator');
  const started = Date.now();
  let done = 0;
  const statuses = new Map<number, number>();
  try {
    const result = await fc.check(
      fc.asyncProperty(fuzzCase(), fc.boolean(), async (sample, asCoordinator) => {
        const logsBefore = h.logs.length;
        const outcome = await sendCase(h.teams, asCoordinator ? coordinator : employee, sample);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const problems = problemsWith(sample, outcome, h.logs.slice(logsBefore));
        h.logs.splice(0, h.logs.length);
        if (++done % 1000 === 0)
          process.stdout.write(`  ${done} cases, ${Math.round((Date.now() - started) / 1000)} s\n`);
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    const partial = await partialRecords(h.bot.tables);
    const summary = [...statuses].map(([status, count]) => `${status}×${count}`).join(', ');
    process.stdout.write(
      `fuzz: ${done} cases (seed ${seed}) in ${Math.round((Date.now() - started) / 1000)} s; HTTP ${summary}\n`,
    );
    if (result.failed) process.stdout.write(`FAILED\n${describeFailure(result)}\n`);
    if (partial.length > 0) process.stdout.write(`FAILED: partial records\n${partial.join('\n')}\n`);
    process.exitCode = result.failed || partial.length > 0 ? 1 : 0;
  } finally {
    await h.close();
    await azurite.stop();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`fuzz could not run: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(2);
});
