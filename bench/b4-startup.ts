/**
 * B4 — start-up: time from spawning the bot's own entry (`src/index.ts`, via tsx as `npm run dev`
 * does) to `/readyz` 200 with Azurite already up, and RSS after 5 s idle. Median of three starts.
 */
import { TENANT } from './lib/activities';
import type { BenchAzurite } from './lib/azurite';
import { freePort, rssMb, startTsChild, stopChild, waitForOk } from './lib/children';

export interface B4Result {
  runs: { readyMs: number; idleRssMb: number }[];
  readyMs: number;
  idleRssMb: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export async function runB4(azurite: BenchAzurite, log: (line: string) => void): Promise<B4Result> {
  const runs: B4Result['runs'] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = startTsChild('src/index.ts', {
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: `b4s${i}${Date.now().toString(36)}`,
      ALLOWED_TENANT_IDS: TENANT,
      MicrosoftAppId: '',
    });
    child.stdout?.resume();
    child.stderr?.resume();
    try {
      await waitForOk(`http://127.0.0.1:${port}/readyz`, 30_000, 10);
      const readyMs = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5000));
      runs.push({ readyMs, idleRssMb: rssMb(child.pid) });
      log(`  start ${i + 1}: ready in ${readyMs.toFixed(0)} ms, idle RSS ${runs[i]?.idleRssMb.toFixed(0)} MB`);
    } finally {
      await stopChild(child);
    }
  }
  return { runs, readyMs: median(runs.map((run) => run.readyMs)), idleRssMb: median(runs.map((run) => run.idleRssMb)) };
}
