import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { azuriteConnectionString } from '../../src/config';
import { freePort } from './ports';

/** A real Azurite (table and blob services) for tests, on its own ports (never the defaults 10000–10002). */
export interface AzuriteHandle {
  port: number;
  /** The blob service's port (evidence files, #20). */
  blobPort: number;
  connectionString: string;
  pid?: number;
  stop(): Promise<void>;
  /** Starts it again on the same ports (data is lost: it runs in memory). */
  start(): Promise<void>;
}

/**
 * Azurite's launcher of all three services in one process: measured here it is ready as soon as the
 * table service alone (~2.5 s under load) and sooner than a blob and a table process side by side
 * (~3–4.5 s). The queue service it also starts is unused.
 */
const main = path.join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');

async function waitForPorts(ports: number[], child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15000;
  for (const port of ports) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`Azurite did not start on port ${port}`);
      try {
        await fetch(`http://127.0.0.1:${port}/devstoreaccount1/`);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** Starts Azurite's table and blob services in memory on free ports. */
export async function startAzurite(port?: number): Promise<AzuriteHandle> {
  const chosen = port ?? (await freePort());
  const [blobPort, queuePort] = [await freePort(), await freePort()];
  let child: ChildProcess | undefined;
  const handle: AzuriteHandle = {
    port: chosen,
    blobPort,
    connectionString: azuriteConnectionString(chosen, '127.0.0.1', blobPort),
    async start() {
      child = spawn(
        process.execPath,
        [
          main,
          ...['--tableHost', '127.0.0.1', '--tablePort', String(chosen)],
          ...['--blobHost', '127.0.0.1', '--blobPort', String(blobPort)],
          ...['--queueHost', '127.0.0.1', '--queuePort', String(queuePort)],
          '--inMemoryPersistence',
          ...['--extentMemoryLimit', '512'],
          '--disableTelemetry',
          '--silent',
        ],
        { stdio: 'ignore' },
      );
      handle.pid = child.pid;
      await waitForPorts([chosen, blobPort], child);
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
