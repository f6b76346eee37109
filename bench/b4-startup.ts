/**
 * B4 — start-up: time from spawning the bot to `/readyz` 200 with Azurite already up, and RSS after
 * 5 s idle. The target applies to the production start: the compiled build run as `npm start` and
 * App Service run it (`node dist/src/index.js`, built first with `npm run build`). The `npm run dev`
 * start (TypeScript through tsx) is measured alongside for comparison. Median of three starts each,
 * the two kinds taking turns, every start on fresh tables.
 */
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { TENANT } from './lib/activities';
import type { BenchAzurite } from './lib/azurite';
import {
  build,
  cpuSeconds,
  freePort,
  productionStart,
  root,
  rssMb,
  startChild,
  startTsChild,
  stopChild,
  waitForOk,
} from './lib/children';

export interface B4Start {
  readyMs: number;
  /** CPU the bot used until ready (user + system): less sensitive than `readyMs` to a busy machine. */
  cpuMs: number;
  idleRssMb: number;
  /** The machine's 1-minute load average when the start began (the machine is often shared). */
  loadAvg: number;
}

export interface B4Kind {
  command: string;
  runs: B4Start[];
  readyMs: number;
  cpuMs: number;
  idleRssMb: number;
}

/** The production start's medians at the top level (the targets apply to them), the dev start beside. */
export interface B4Result extends B4Kind {
  buildMs: number;
  dev: B4Kind;
}

const STARTS = 3;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function measureStart(
  spawnBot: (env: Record<string, string>) => ChildProcess,
  env: Record<string, string>,
): Promise<B4Start> {
  const port = await freePort();
  const loadAvg = Math.round((os.loadavg()[0] ?? NaN) * 10) / 10;
  const started = performance.now();
  const child = spawnBot({ ...env, PORT: String(port) });
  child.stdout?.resume();
  child.stderr?.resume();
  try {
    await waitForOk(`http://127.0.0.1:${port}/readyz`, 30_000, 10);
    const readyMs = performance.now() - started;
    const cpuMs = cpuSeconds(child.pid) * 1000;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    return { readyMs, cpuMs, idleRssMb: rssMb(child.pid), loadAvg };
  } finally {
    await stopChild(child);
  }
}

const summarize = (command: string, runs: B4Start[]): B4Kind => ({
  command,
  runs,
  readyMs: median(runs.map((run) => run.readyMs)),
  cpuMs: median(runs.map((run) => run.cpuMs)),
  idleRssMb: median(runs.map((run) => run.idleRssMb)),
});

export async function runB4(azurite: BenchAzurite, log: (line: string) => void): Promise<B4Result> {
  const { nodeArgs, entry } = productionStart();
  const buildMs = await build();
  log(`  npm run build: ${(buildMs / 1000).toFixed(1)} s (not part of the start)`);
  const kinds = [
    {
      name: 'production',
      command: ['node', ...nodeArgs, entry].join(' '),
      spawn: (env: Record<string, string>) =>
        startChild(process.execPath, [...nodeArgs, path.join(root, entry)], { env: { ...process.env, ...env } }),
      runs: [] as B4Start[],
    },
    {
      name: 'dev (tsx)',
      command: 'node --import tsx src/index.ts',
      spawn: (env: Record<string, string>) => startTsChild('src/index.ts', env),
      runs: [] as B4Start[],
    },
  ];
  for (let i = 0; i < STARTS; i++) {
    for (const [k, kind] of kinds.entries()) {
      // Production requires managed-identity storage (STORAGE_ACCOUNT_URL), which Azurite cannot
      // serve; the development environment with a connection string runs the same start-up path.
      const run = await measureStart(kind.spawn, {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        STORAGE_CONNECTION_STRING: azurite.connectionString,
        TABLE_PREFIX: `b4k${k}s${i}${Date.now().toString(36)}`,
        ALLOWED_TENANT_IDS: TENANT,
        MicrosoftAppId: '',
      });
      kind.runs.push(run);
      log(
        `  ${kind.name} start ${i + 1}: ready in ${run.readyMs.toFixed(0)} ms (CPU ${run.cpuMs.toFixed(0)} ms), ` +
          `idle RSS ${run.idleRssMb.toFixed(0)} MB (load average ${run.loadAvg})`,
      );
    }
  }
  const [production, dev] = kinds.map((kind) => summarize(kind.command, kind.runs)) as [B4Kind, B4Kind];
  return { ...production, buildMs, dev };
}
