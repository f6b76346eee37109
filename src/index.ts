import { loadConfigOrExit } from './config';
import { startBot } from './start';

/** Process entry point: validate configuration, start, and stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
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
