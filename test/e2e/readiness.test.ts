import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startBot, type RunningBot } from '../../src/start';
import { startAzurite, type AzuriteHandle } from '../support/azurite';

describe('/healthz and /readyz', () => {
  let azurite: AzuriteHandle;
  let bot: RunningBot;
  beforeAll(async () => {
    azurite = await startAzurite();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: 'ready',
    });
    bot = await startBot(config, { logger: createLogger('silent') });
  });
  afterAll(async () => {
    await bot.close();
    await azurite.stop();
  });

  it('is ready while storage answers, 503 while it is down, and ready again when it returns', async () => {
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    await azurite.stop();
    const down = await fetch(`${bot.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'storage unavailable' });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    await azurite.start();
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  });
});
