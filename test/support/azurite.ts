import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { azuriteConnectionString } from '../../src/config';
import { freePort } from './ports';

/** A real Azurite table service for tests, on its own port (never the default 10002). */
export interface AzuriteHandle {
  port: number;
  connectionString: string;
  pid?: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (data is lost: it runs in memory). */
  start(): Promise<void>;
}

const main = path.join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/devstoreaccount1/Tables`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Azurite did not start on port ${port}`);
}

/** Starts Azurite's table service in memory on a free port. */
export async function startAzurite(port?: number): Promise<AzuriteHandle> {
  const chosen = port ?? (await freePort());
  let child: ChildProcess | undefined;
  const handle: AzuriteHandle = {
    port: chosen,
    connectionString: azuriteConnectionString(chosen),
    async start() {
      child = spawn(
        process.execPath,
        [
          main,
          '--tableHost',
          '127.0.0.1',
          '--tablePort',
          String(chosen),
          '--inMemoryPersistence',
          '--disableTelemetry',
          '--silent',
        ],
        { stdio: 'ignore' },
      );
      handle.pid = child.pid;
      await waitForPort(chosen, child);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
        setTimeout(() => running.kill('SIGKILL'), 3000).unref();
      });
    },
  };
  await handle.start();
  return handle;
}
