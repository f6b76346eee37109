import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { azuriteConnectionString } from '../../src/config';
import { freePort, root, startChild, stopChild } from './children';

/** An Azurite table service started by the bench on a free loopback port. */
export interface BenchAzurite {
  port: number;
  pid?: number;
  connectionString: string;
  /** Stops it (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

const main = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');

/** Starts Azurite in memory (never through npx: Ctrl-C would leave it running, PLATFORM.md). */
export async function startAzurite(): Promise<BenchAzurite> {
  const port = await freePort();
  const child: ChildProcess = startChild(
    process.execPath,
    [
      '--max-old-space-size=4096',
      main,
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
    ],
    { stdio: 'ignore' },
  );
  const timeoutMs = 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/devstoreaccount1/Tables`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopChild(child);
        throw new Error(`Azurite did not start within ${timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    port,
    pid: child.pid,
    connectionString: azuriteConnectionString(port),
    stop: () => stopChild(child),
  };
}
