/**
 * The real bot for B1, in its own process (so its RSS is measured alone): `startBot` with the
 * configuration from the environment and quiet logs. Prints `bot listening <port>` when ready.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBot } from '../src/start';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const running = await startBot(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'error') });
  process.stdout.write(`bot listening ${running.port}\n`);
  process.once('SIGTERM', () => void running.close().finally(() => process.exit(0)));
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench bot failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
