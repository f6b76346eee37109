import { ConfigError, loadConfig } from './config';
import { startBot } from './start';

/** Process entry point: validate configuration, start, and stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(78);
    }
    throw error;
  }
  const running = await startBot(config);
  const stop = async (): Promise<void> => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main().catch((error: unknown) => {
  process.stderr.write(`Start failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
