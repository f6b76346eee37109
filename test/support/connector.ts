import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/** One call the bot made to the Bot Connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** For a reply, the activity replied to; for an update, the activity updated. */
  activityId?: string;
  activity: Record<string, any>;
  /** The id the connector gave a new activity. */
  id: string;
}

/** Teams refuses a bot message over 100 KB, counted in UTF-16 (413 `MessageSizeTooBig`). */
export const TEAMS_MESSAGE_LIMIT_UTF16 = 100 * 1024;

/** Decides the status of a call (default 200/201); lets a test inject 429s or 403s. */
export type ConnectorRule = (
  call: Omit<ConnectorCall, 'id'>,
) => { status: number; headers?: Record<string, string> } | undefined;

/** A local Bot Connector on 127.0.0.1 that records every activity the bot sends, as Teams would receive it. */
export interface Connector {
  url: string;
  calls: ConnectorCall[];
  rule?: ConnectorRule;
  /** Activities sent to a conversation (new messages and replies), in order. */
  sentTo(conversationId: string): Record<string, any>[];
  /** Waits until `predicate` holds for some call, or fails after `timeoutMs`. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  clear(): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

/** A member of the test tenant as Teams describes one (`TeamsInfo.getMember`). */
export interface DirectoryMember {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
}

/**
 * Everyone in the test tenant (every `newUser` of the harness). The connector answers member look-ups
 * from it as Teams answers them in a team everyone belongs to: `GET /v3/conversations/{id}/members/{id
 * or UPN}` and `GET /v3/conversations/{team}/pagedmembers`. An id not in it is answered 404.
 */
export const tenantDirectory = new Map<string, DirectoryMember>();

/** A file the connector serves as OneDrive/SharePoint (a shared file) or the Bot Connector (an inline image) would. */
export interface ServedFile {
  bytes: Buffer;
  contentType: string;
  /** Leave out Content-Length (a chunked answer), as a server may. */
  chunked?: boolean;
}

/**
 * Files any connector serves: `GET /files/{id}` (a shared file's pre-authorised download URL) and
 * `GET /v3/attachments/{id}/views/original` (an inline image). Every fetch is recorded as a `GET` call.
 */
export const servedFiles = new Map<string, ServedFile>();

function fileCall(res: import('node:http').ServerResponse, url: URL): boolean {
  const match = /^\/(?:files|v3\/attachments)\/([^/]+)(?:\/views\/original)?$/.exec(url.pathname);
  if (!match) return false;
  const file = servedFiles.get(decodeURIComponent(match[1]));
  if (!file) {
    res.writeHead(404);
    res.end();
    return true;
  }
  res.writeHead(200, {
    'content-type': file.contentType,
    ...(file.chunked ? {} : { 'content-length': String(file.bytes.length) }),
  });
  res.end(file.bytes);
  return true;
}

function memberCall(res: import('node:http').ServerResponse, url: URL): boolean {
  const one = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(url.pathname);
  const paged = /^\/v3\/conversations\/[^/]+\/pagedmembers$/.test(url.pathname);
  if (!one && !paged) return false;
  const members = [...tenantDirectory.values()];
  const wanted = one ? decodeURIComponent(one[1]).toLowerCase() : '';
  const found = members.find((m) => [m.id, m.aadObjectId, m.email].some((field) => field.toLowerCase() === wanted));
  const body = one ? found : { members };
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body ?? { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }));
  return true;
}

/** Starts a connector on a free port. */
export async function startConnector(): Promise<Connector> {
  const calls: ConnectorCall[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && memberCall(res, url)) return;
    if (req.method === 'GET' && /^\/(files|v3\/attachments)\//.test(url.pathname)) {
      calls.push({
        method: 'GET',
        path: url.pathname,
        conversationId: '',
        activity: { authorization: req.headers.authorization ?? '' },
        id: '',
      });
      if (fileCall(res, url)) return;
    }
    const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404);
      res.end();
      return;
    }
    const activity = body ? JSON.parse(body) : {};
    const partial = {
      method: req.method ?? 'GET',
      path: url.pathname,
      conversationId: match[1] ? decodeURIComponent(match[1]) : '',
      activityId: match[2] ? decodeURIComponent(match[2]) : undefined,
      activity,
    };
    if (body.length * 2 > TEAMS_MESSAGE_LIMIT_UTF16) {
      // As Teams: a message over its size limit is refused, and nobody sees it.
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'MessageSizeTooBig', message: 'Message size too big' } }));
      return;
    }
    const ruled = connector.rule?.(partial);
    if (ruled && ruled.status >= 300) {
      res.writeHead(ruled.status, { 'content-type': 'application/json', ...ruled.headers });
      res.end(JSON.stringify({ error: { code: 'Refused', message: 'refused by test rule' } }));
      return;
    }
    const id = partial.activityId && req.method === 'PUT' ? partial.activityId : `act-${randomUUID()}`;
    if (!match[1]) {
      // Create conversation (a personal chat started by the bot).
      const conversationId = `a:${randomUUID()}`;
      calls.push({ ...partial, conversationId, id: conversationId });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: conversationId }));
      return;
    }
    calls.push({ ...partial, id });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
  });
  const connector: Connector = {
    url: '',
    calls,
    sentTo: (conversationId) =>
      calls
        .filter((call) => call.method === 'POST' && call.conversationId === conversationId)
        .map((call) => call.activity),
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`connector: expected call not seen within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    clear: () => void calls.splice(0, calls.length),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  connector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return connector;
}
