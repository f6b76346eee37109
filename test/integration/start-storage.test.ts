import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startBot } from '../../src/start';
import { Writable } from 'node:stream';

/**
 * P10: at start the bot waits for storage only through an outage. Storage that answers "no" (a
 * wrong account key: 403) would say so 30 times over two minutes; the process stops at once instead,
 * with the storage error, so the operator sees the misconfiguration.
 */
describe('starting against storage that refuses the account key', () => {
  it('fails at once with the storage error instead of retrying for minutes', async () => {
    const real = process.env.TEST_AZURITE_CONNECTION_STRING as string;
    const wrongKey = real.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.alloc(64, 7).toString('base64')}`);
    expect(wrongKey).not.toBe(real);
    const lines: string[] = [];
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    );
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_ENABLED: 'false',
      STORAGE_CONNECTION_STRING: wrongKey,
      TABLE_PREFIX: 'wrongkey',
    });
    const started = Date.now();
    await expect(startBot(config, { logger })).rejects.toMatchObject({ name: 'RestError', statusCode: 403 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines.join('')).not.toContain('storage not ready at start; retrying');
  }, 20_000);
});
