import restify from 'restify';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { StatusCodes } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Bot } from './bot/app';
import { normalizeInbound } from './bot/inbound';
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
  download: (token: string, acceptLanguage?: string) => Promise<Download>,
): restify.Server {
  const server = restify.createServer({ name: 'sikkerhedsbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));
  answerRejectedTokensWith401(adapter, logger);

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      normalizeInbound(context.activity);
      await bot.app.run(context);
    });
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/api/export/:token', async (req, res) => {
    try {
      const answer = await download(String(req.params.token ?? ''), req.header('accept-language'));
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

/** jsonwebtoken's own rejections (a signature that does not verify, a token not yet valid, …). */
const tokenRejections = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Makes every token rejection an authentication failure (401), not a server error (500).
 *
 * @remarks P10. botbuilder maps its own `AuthenticationError` to 401 but lets jsonwebtoken's
 * errors escape as 500 (e.g. a token signed with the right key id but another key). Only those
 * errors are translated; anything else still fails as before. Every refusal is logged (no token
 * content, only botbuilder's reason).
 */
function answerRejectedTokensWith401(adapter: TeamsAdapter, logger: Logger): void {
  // `processActivity` is where botbuilder authenticates; it is protected, hence the cast.
  const target = adapter as unknown as { processActivity: (...args: unknown[]) => Promise<unknown> };
  const original = target.processActivity.bind(adapter);
  const guarded = async (...args: unknown[]): Promise<unknown> => {
    try {
      return await original(...args);
    } catch (error) {
      const rejected = error instanceof Error && tokenRejections.has(error.name);
      if (rejected || error instanceof AuthenticationError) {
        logger.warn({ reason: (error as Error).message }, 'request refused: authentication failed');
      }
      if (rejected)
        throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, StatusCodes.UNAUTHORIZED);
      throw error;
    }
  };
  target.processActivity = guarded;
}
