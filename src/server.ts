import restify from 'restify';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Bot } from './bot/app';
import type { Tables } from './storage/tables';
import type { Download } from './features/incidents/export-download';
import type { Logger } from './logger';

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework, authenticated by the adapter),
 * `GET /healthz` (the process is alive), `GET /readyz` (storage answers) and `GET /api/export/:token`
 * (a coordinator's one-time CSV download).
 */
export function createServer(
  bot: Bot,
  adapter: TeamsAdapter,
  tables: Tables,
  logger: Logger,
  download: (token: string) => Promise<Download>,
): restify.Server {
  const server = restify.createServer({ name: 'sikkerhedsbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await bot.app.run(context);
    });
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/api/export/:token', async (req, res) => {
    try {
      const answer = await download(String(req.params.token ?? ''));
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (error) {
      logger.error({ err: { name: (error as Error)?.name } }, 'export download failed');
      res.send(503, { status: 'try again shortly' });
    }
  });
  server.get('/readyz', async (_req, res) => {
    const storage = await tables.ping();
    res.send(storage ? 200 : 503, { status: storage ? 'ready' : 'storage unavailable' });
  });
  server.on('restifyError', (req, _res, error, callback) => {
    // The playground probes /api/messages with GET before connecting: routine, not a warning.
    const routine = error?.statusCode === 404 || error?.statusCode === 405;
    logger[routine ? 'debug' : 'warn'](
      { status: error?.statusCode, method: req.method, path: req.path() },
      'request refused',
    );
    callback();
  });
  return server;
}
