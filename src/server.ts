import type { ServerResponse } from 'node:http';
import restify from 'restify';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { AuthenticationError } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { Bot } from './bot/app';
import { normalizeInbound } from './bot/inbound';
import { readActivityBody } from './http/activity-body';
import { refusedChannel } from './bot/channel';
import { RefusalLog } from './http/refusal-log';
import type { Tables } from './storage/tables';
import { pageLocale, refused, type Download } from './features/incidents/export-download';
import type { Logger } from './logger';

/** How the HTTP surface is set up: whether every request must carry a Bot Framework token. */
export interface ServerOptions {
  authRequired: boolean;
  /** Milliseconds since the epoch, for the refusal log's windows. */
  now?: () => number;
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework, authenticated by the adapter),
 * `GET /healthz` (the process is alive), `GET /readyz` (storage answers) and `GET /api/export/:token`
 * (a coordinator's one-time CSV download).
 */
export function createServer(
  bot: Pick<Bot, 'app'>,
  adapter: TeamsAdapter,
  tables: Tables,
  logger: Logger,
  download: (token: string, acceptLanguage?: string) => Promise<Download>,
  options: ServerOptions = { authRequired: true },
): restify.Server & { refusals: RefusalLog } {
  const server = restify.createServer({ name: 'sikkerhedsbot', handleUncaughtExceptions: false });
  // A request must arrive whole within 30 s (Teams sends a few KB at once): no slow-drip bodies.
  server.server.requestTimeout = 30_000;
  server.server.headersTimeout = 20_000;
  const refusals = new RefusalLog(logger, options.now);
  const processActivity = authenticatingProcessor(adapter);

  server.post('/api/messages', async (req, res) => {
    const source = req.socket.remoteAddress ?? '(unknown)';
    const refuse = (status: number, reason: string) => {
      refusals.refused(source, status, reason);
      answer(res, status, undefined, status === 413);
    };
    const read = await readActivityBody(req);
    if ('status' in read) return refuse(read.status, read.reason);
    const authorization = String(req.headers.authorization ?? '');
    if (options.authRequired && !bearerToken.test(authorization)) return refuse(401, 'no bearer token');
    const activity = validateAndFixActivity(read.activity as unknown as Activity);
    try {
      const invokeResponse = await processActivity(authorization, activity, async (context) => {
        const channel = refusedChannel(context.activity);
        if (channel) {
          refusals.refused(source, 403, `channel ${channel}`);
          if (context.activity.type === 'invoke') {
            await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
          }
          return;
        }
        normalizeInbound(context.activity);
        await bot.app.run(context);
      });
      answer(res, invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      if (error instanceof AuthenticationError || tokenRejections.has(name)) return refuse(401, `token: ${name}`);
      logger.error({ err: { name } }, 'activity could not be processed');
      answer(res, 500);
    }
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
      logger.error({ err: error }, 'export download failed');
      const answer = refused(503, 'incidents.export.linkFailed', pageLocale(req.header('accept-language')));
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    }
  });
  server.get('/readyz', async (_req, res) => {
    const storage = await tables.ping();
    res.send(storage ? 200 : 503, { status: storage ? 'ready' : 'storage unavailable' });
  });
  server.on('restifyError', (req, _res, error, callback) => {
    // The playground probes /api/messages with GET before connecting: routine, not a warning.
    const routine = error?.statusCode === 404 || error?.statusCode === 405;
    if (routine) logger.debug({ status: error?.statusCode, method: req.method }, 'request refused');
    else refusals.refused(req.socket?.remoteAddress ?? '(unknown)', error?.statusCode ?? 500, 'http');
    callback();
  });
  return Object.assign(server, { refusals });
}

/** A syntactically plausible `Bearer <JWT>` header; anything else is refused without botbuilder. */
const bearerToken = /^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** jsonwebtoken's own rejections (a signature that does not verify, a token not yet valid, …). */
const tokenRejections = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** Writes an answer: a JSON body if there is one, nothing else (no internal text ever). */
function answer(res: ServerResponse, status: number, body?: unknown, close = false): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = payload ? { 'content-type': 'application/json; charset=utf-8' } : {};
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(payload);
}

type Logic = (context: TurnContext) => Promise<void>;

/**
 * botbuilder's authenticate-and-run step, called directly rather than through `adapter.process`.
 *
 * @remarks P10. `process` answers an activity without a string `type` with 500 and botbuilder's
 * internal message, and prints every refused request's stack trace to stderr. The body is read and
 * checked by `readActivityBody` instead, and refusals are logged by {@link RefusalLog}; the token is
 * still validated by botbuilder's own code (`processActivity` is protected, hence the cast).
 */
function authenticatingProcessor(
  adapter: TeamsAdapter,
): (authorization: string, activity: Activity, logic: Logic) => Promise<InvokeResponse | undefined> {
  const target = adapter as unknown as {
    processActivity: (authorization: string, activity: Activity, logic: Logic) => Promise<InvokeResponse | undefined>;
  };
  return target.processActivity.bind(adapter);
}
