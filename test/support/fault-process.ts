import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { azuriteConnectionString } from '../../src/config';
import { freePort } from './ports';

const root = path.join(__dirname, '..', '..');

async function waitUntil(check: () => Promise<boolean>, child: ChildProcess, what: string, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

/** Azurite's table service persisting to a folder, so a restart keeps the data (unlike `startAzurite`). */
export interface DurableAzurite {
  port: number;
  connectionString: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

export async function startDurableAzurite(): Promise<DurableAzurite> {
  const port = await freePort();
  const location = mkdtempSync(path.join(tmpdir(), 'azurite-'));
  let child: ChildProcess | undefined;
  const main = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');
  const handle: DurableAzurite = {
    port,
    connectionString: azuriteConnectionString(port),
    async start() {
      const args = [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--location', location];
      child = spawn(process.execPath, [...args, '--disableTelemetry', '--silent'], { stdio: 'ignore' });
      const running = child;
      await waitUntil(
        async () => {
          await fetch(`http://127.0.0.1:${port}/devstoreaccount1/Tables`);
          return true;
        },
        running,
        'Azurite',
      );
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      // SIGINT (the only signal Azurite handles) so it flushes its files: the outage is
      // "unreachable", not "data lost" — Azure Storage does not forget acknowledged writes.
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGINT');
        setTimeout(() => running.kill('SIGKILL'), 5000).unref();
      });
    },
    async dispose() {
      await handle.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}

/** The bot as a separate process (`src/index.ts` through tsx: the same entry App Service runs, compiled). */
export interface BotProcess {
  url: string;
  start(): Promise<void>;
  /** `kill -9`: no shutdown handler runs. */
  kill(): Promise<void>;
}

export async function botProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async start() {
      // `node --import tsx` rather than the tsx CLI: the CLI runs the bot in a grandchild that a
      // SIGKILL to the CLI would leave running.
      child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        stdio: 'ignore',
      });
      const running = child;
      await waitUntil(async () => (await fetch(`${url}/readyz`)).status === 200, running, 'bot process');
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}
