import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { azuriteConnectionString } from '../../src/config';
import { freePort, root, startChild, stopChild } from './children';

/** An Azurite table service started by the bench on a free loopback port. */
export interface BenchAzurite {
  port: number;
  pid?: number;
  connectionString: string;
  /** Stops it at once (SIGTERM, then SIGKILL): a disk-persisted Azurite does not save first. */
  stop(): Promise<void>;
  /**
   * Closes it as Ctrl-C does (SIGINT): Azurite saves its database and exits. Fails if it has not
   * exited within `timeoutMs` (then it is killed).
   */
  close(timeoutMs?: number): Promise<void>;
}

export interface AzuriteOptions {
  /**
   * Keep the table database in this folder (Azurite's LokiJS file, see `azurite-db.ts`) instead of
   * in memory. B2 seeds by writing that file.
   */
  location?: string;
  /** How long loading may take (a large database file is parsed and saved again at start). */
  readyTimeoutMs?: number;
}

const main = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');

/** Starts Azurite (never through npx: Ctrl-C would leave it running, PLATFORM.md); in memory by default. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<BenchAzurite> {
  const port = await freePort();
  const persistence = options.location ? ['--location', options.location] : ['--inMemoryPersistence'];
  const child: ChildProcess = startChild(
    process.execPath,
    [
      '--max-old-space-size=4096',
      main,
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(port),
      ...persistence,
      '--disableTelemetry',
      '--silent',
    ],
    { stdio: 'ignore' },
  );
  const timeoutMs = options.readyTimeoutMs ?? 20_000;
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
    close: (closeTimeoutMs = 60_000) => closeChild(child, closeTimeoutMs),
  };
}

/** SIGINT, then waits for the exit; Azurite's SIGINT handler closes (and so saves) its database. */
async function closeChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  child.kill('SIGINT');
  if (!(await exited)) {
    await stopChild(child);
    throw new Error(`Azurite did not exit within ${timeoutMs / 1000} s of SIGINT (its database may not be saved)`);
  }
}
