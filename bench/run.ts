/**
 * `npm run bench`: B1 load, B2 data volume, B3 reminder fan-out, B4 start-up. Prints a table per
 * part and a summary of targets; writes bench/results/<timestamp>.json. Never fails on a target.
 *
 * Environment: BENCH_ONLY=b1,b2,b3,b4 (default all), BENCH_SECONDS (B1 per scenario, default 10),
 * BENCH_WARMUP (default 3), BENCH_CONNECTIONS (default 16), BENCH_SIZES (B2, default 1000,10000,20000),
 * BENCH_FANOUT (B3 conversations, default 500), BENCH_HARD_LIMIT_S (whole bench, default 900).
 * `--quick` = 3 s scenarios, sizes 1000,5000, 200 conversations. B1, B3 and B4 share one in-memory
 * Azurite; B2 starts one per volume, seeded through the Table API (bench/lib/seed-api.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runB1 } from './b1-load';
import { runB2 } from './b2-volume';
import { runB3 } from './b3-fanout';
import { runB4 } from './b4-startup';
import { startAzurite, type BenchAzurite } from './lib/azurite';
import { killAllChildrenNow, root, stopAllChildren } from './lib/children';
import { printSummary, targetsOf, type BenchOptions, type BenchResults } from './report';

const quick = process.argv.includes('--quick');
const env = (name: string, fallback: string): string => process.env[name] || fallback;
const parts = new Set(env('BENCH_ONLY', 'b1,b2,b3,b4').toLowerCase().split(','));
const options: BenchOptions = {
  seconds: Number(env('BENCH_SECONDS', quick ? '3' : '10')),
  warmupSeconds: Number(env('BENCH_WARMUP', quick ? '1' : '3')),
  connections: Number(env('BENCH_CONNECTIONS', '16')),
  sizes: env('BENCH_SIZES', quick ? '1000,5000' : '1000,10000,20000')
    .split(',')
    .map(Number),
  fanout: Number(env('BENCH_FANOUT', quick ? '200' : '500')),
};
/** A hard stop: the whole bench never runs longer than this. */
const HARD_LIMIT_MS = Number(env('BENCH_HARD_LIMIT_S', '900')) * 1000;

const log = (line: string): void => void process.stdout.write(`${line}\n`);

let current: BenchResults | undefined;

/** Writes the results (also the partial ones when the hard limit or a signal stops the bench). */
function writeResults(results: BenchResults): string {
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return path.relative(root, file);
}

async function main(): Promise<void> {
  const results: BenchResults = (current = {
    startedAt: new Date().toISOString(),
    machine: {
      nproc: os.availableParallelism(),
      memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.release()}`,
      loadAvgAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    },
    options,
    targets: [],
    errors: [],
  });
  log(
    `bench ${results.startedAt} — ${results.machine.nproc} cores, ${results.machine.memoryGb} GB, node ${process.version}, ` +
      `load average ${results.machine.loadAvgAtStart.join(' ')} (other work on the machine skews every figure)`,
  );
  let azurite: BenchAzurite | undefined;
  const part = async (name: string, run: () => Promise<void>) => {
    if (!parts.has(name)) return;
    log(`\n== ${name.toUpperCase()} ==`);
    const started = Date.now();
    try {
      await run();
    } catch (error) {
      results.errors.push({ part: name, message: (error as Error)?.stack ?? String(error) });
      log(`  ${name} failed: ${(error as Error)?.message}`);
    }
    log(`  (${name} took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  };
  try {
    // B2 starts an Azurite of its own per volume; the shared one only when another part runs.
    if (['b1', 'b3', 'b4'].some((name) => parts.has(name))) azurite = await startAzurite();
    const ready = azurite as BenchAzurite;
    await part('b4', async () => void (results.b4 = await runB4(ready, log)));
    await part('b1', async () => void (results.b1 = await runB1(ready, options, log)));
    await part('b3', async () => {
      results.b3NoKill = await runB3(ready, options.fanout, (line) => log(`${line} [no kill]`), false);
      results.b3 = await runB3(ready, options.fanout, log);
    });
    await part('b2', async () => void (results.b2 = await runB2(options.sizes, log)));
  } finally {
    await azurite?.stop();
    await stopAllChildren();
  }
  results.targets = targetsOf(results);
  printSummary(results, log);
  log(`\nresults: ${writeResults(results)}`);
}

const hardStop = setTimeout(() => {
  log(`bench exceeded ${HARD_LIMIT_MS / 1000} s; stopping everything`);
  killAllChildrenNow();
  if (current) {
    current.errors.push({ part: 'all', message: `stopped at the hard limit of ${HARD_LIMIT_MS / 1000} s` });
    current.targets = targetsOf(current);
    printSummary(current, log);
    log(`\npartial results: ${writeResults(current)}`);
  }
  process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping Azurite and bot processes`);
    killAllChildrenNow();
    process.exit(130);
  });
}
process.once('exit', killAllChildrenNow);

void main()
  .catch((error: unknown) => {
    log(`bench failed: ${(error as Error)?.stack ?? String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    killAllChildrenNow();
    // autocannon and table clients may hold sockets open; the results are written, so leave.
    setTimeout(() => process.exit(), 200).unref();
  });
