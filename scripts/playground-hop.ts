/**
 * The dev stack's hop between the Agents Playground and the bot (an in-process HTTP server).
 *
 * Playground → bot (`/api/messages`): sets the activity's locale (the playground always sends `en-US`)
 * and points its `serviceUrl` at this hop's `/_connector`, so the bot's sends come back through here.
 *
 * Bot → playground (`/_connector/…`): forwarded to the playground, and every message the bot posts is
 * kept in a journal file (`<stateDir>/playground-journal.json`). The playground holds one person's
 * chats in memory only, so at every start — as whoever — the journal is posted into the new playground
 * again, once its page has connected (its first `conversationUpdate`; posted earlier, the page would
 * not show them): a notice posted to a channel, or to someone's personal chat, while another person was acting
 * is there when the next person opens it. A post to a chat the running playground does not have (another
 * person's personal chat) is kept for later and acknowledged as Teams would, instead of the 404 that
 * would make the bot give that chat up. Ids are mapped, so the bot's updates reach replayed messages.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

/** One message the bot posted, as the journal keeps it. */
interface Entry {
  conversationId: string;
  /** The id the bot was given (it updates the message by this id). */
  id: string;
  activity: Record<string, unknown>;
  /** The id the running playground gave it; none until it is shown in this playground. */
  shownAs?: string;
}

/** Messages kept per conversation (the newest). */
const PER_CONVERSATION = 40;

/**
 * Sets the locale of an incoming activity (and of its `clientInfo` entity), as a Teams client in that
 * language would send it; anything that is not an activity object is returned unchanged.
 */
export function withLocale(activity: unknown, locale: string): unknown {
  if (!activity || typeof activity !== 'object' || Array.isArray(activity)) return activity;
  const record = activity as { locale?: unknown; entities?: unknown };
  const entities = Array.isArray(record.entities)
    ? record.entities.map((entity: unknown) =>
        entity && typeof entity === 'object' && (entity as { type?: unknown }).type === 'clientInfo'
          ? { ...(entity as object), locale }
          : entity,
      )
    : record.entities;
  return { ...record, locale, ...(entities === undefined ? {} : { entities }) };
}

const hopByHop = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'content-encoding',
]);

function forwardableHeaders(headers: http.IncomingHttpHeaders | Headers): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value !== undefined && !hopByHop.has(name.toLowerCase()))
      out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The journal, kept in a file (or only in memory without one). */
class Journal {
  entries: Entry[];
  constructor(private readonly file?: string) {
    this.entries = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Entry[]) : [];
    for (const entry of this.entries) delete entry.shownAs; // a new playground has shown nothing yet
  }
  add(entry: Entry): void {
    this.entries.push(entry);
    const mine = this.entries.filter((e) => e.conversationId === entry.conversationId);
    if (mine.length > PER_CONVERSATION) this.entries.splice(this.entries.indexOf(mine[0]), 1);
    this.save();
  }
  byId = (id: string): Entry | undefined => this.entries.find((entry) => entry.id === id);
  /** A conversation or activity id of the bot's, in the running playground's ids. */
  shown(id: string): string {
    return id.replace(/(;messageid=)?([^;/]+)$/, (whole, prefix: string | undefined, last: string) => {
      const entry = this.byId(last);
      return entry?.shownAs ? `${prefix ?? ''}${entry.shownAs}` : whole;
    });
  }
  save(): void {
    if (this.file) fs.writeFileSync(this.file, JSON.stringify(this.entries));
  }
}

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function send(url: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<Upstream> {
  const response = await fetch(url, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  return {
    status: response.status,
    headers: forwardableHeaders(response.headers),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const idOf = (upstream: Upstream): string | undefined => {
  try {
    return (JSON.parse(upstream.body.toString('utf8')) as { id?: string }).id;
  } catch {
    return undefined;
  }
};

/** What the bot sends to the playground's connector: journalled posts and updates, the rest forwarded. */
async function toPlayground(
  journal: Journal,
  inTurn: ReadonlySet<string>,
  playgroundUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Upstream> {
  const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path.split('?')[0]);
  const forward = (to: string) => send(`${playgroundUrl}/_connector${to}`, method, headers, body);
  // Before the playground listens (the install-time messages are sent while it starts), a post is
  // kept for the replay as one to a chat it does not show would be, not refused.
  const notUp = (error: unknown): Upstream => {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw error;
    return { status: 404, headers: {}, body: Buffer.alloc(0) };
  };
  if (!match || (method !== 'POST' && method !== 'PUT')) return forward(path);
  const conversationId = decodeURIComponent(match[1]);
  const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
  const activity = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  if (activity.type !== 'message') return forward(path);
  const shownPath = `/v3/conversations/${encodeURIComponent(journal.shown(conversationId))}/activities${
    activityId ? `/${encodeURIComponent(journal.shown(activityId))}` : ''
  }`;
  if (method === 'PUT' && activityId) {
    const entry = journal.byId(activityId);
    if (!entry) return forward(shownPath);
    entry.activity = activity;
    journal.save();
    const upstream = entry.shownAs ? await forward(shownPath) : undefined;
    return upstream && upstream.status !== 404 ? upstream : created(entry.id, 200);
  }
  const upstream = await forward(shownPath).catch(notUp);
  // An answer within the person's own turn is theirs alone, and was seen: only what reaches people later is kept.
  if (activityId && inTurn.has(activityId)) return upstream;
  const shownAs = upstream.status < 300 ? idOf(upstream) : undefined;
  if (upstream.status >= 300 && upstream.status !== 404) return upstream;
  const id = shownAs ?? `kept-${randomUUID()}`;
  journal.add({ conversationId, id, activity, shownAs });
  return created(id, 201);
}

const created = (id: string, status: number): Upstream => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ id })),
});

/** A running hop. */
export interface PlaygroundHop {
  /** Where the playground sends activities for the bot (`-e`). */
  messagesUrl: string;
  /** The `serviceUrl` the bot is given: its sends to the playground come through the hop. */
  connectorUrl: string;
  /** Settles when the journal has been posted into the playground; answers how many messages it showed. */
  replayed: Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the hop on `port` of 127.0.0.1 (0: any free port). Keep the port between starts: the bot
 * stores the `serviceUrl` it last saw and sends through it later.
 */
export async function startPlaygroundHop(options: {
  port: number;
  botUrl: string;
  playgroundUrl: string;
  locale: string | null;
  journalFile?: string;
}): Promise<PlaygroundHop> {
  const journal = new Journal(options.journalFile);
  let connectorUrl = '';
  /** The ids of the activities whose turns are running (the bot answers them before its HTTP answer). */
  const inTurn = new Set<string>();
  let startReplay: () => void = () => undefined;
  const replayed = new Promise<void>((resolve) => (startReplay = resolve)).then(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the page take in its own chats first
    return replay(journal, options.playgroundUrl);
  });
  const server = http.createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const headers = forwardableHeaders(request.headers);
      const path = request.url ?? '/';
      let upstream: Upstream;
      if (path.startsWith('/_connector/')) {
        upstream = await toPlayground(
          journal,
          inTurn,
          options.playgroundUrl,
          request.method ?? 'GET',
          path.slice('/_connector'.length),
          headers,
          body,
        );
      } else {
        let forwarded = body;
        let turnId: string | undefined;
        if (body.length > 0 && String(request.headers['content-type']).includes('json')) {
          const activity = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          const localized = options.locale ? withLocale(activity, options.locale) : activity;
          forwarded = Buffer.from(JSON.stringify({ ...(localized as object), serviceUrl: connectorUrl }));
          if (typeof activity.id === 'string') turnId = activity.id;
        }
        if (turnId) inTurn.add(turnId);
        upstream = await send(`${options.botUrl}${path}`, request.method ?? 'POST', headers, forwarded).finally(
          () => turnId && inTurn.delete(turnId),
        );
        if (/"type":"conversationUpdate"/.test(forwarded.toString('utf8'))) startReplay();
      }
      response.writeHead(upstream.status, upstream.headers);
      response.end(upstream.body);
    })().catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`dev-stack hop: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  connectorUrl = `http://127.0.0.1:${port}/_connector`;
  return {
    messagesUrl: `http://127.0.0.1:${port}/api/messages`,
    connectorUrl,
    replayed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Posts every journalled message into the playground, oldest first; answers how many it showed. */
async function replay(journal: Journal, playgroundUrl: string): Promise<number> {
  let shown = 0;
  for (const entry of journal.entries) {
    const conversation = encodeURIComponent(journal.shown(entry.conversationId));
    const body = Buffer.from(JSON.stringify(entry.activity));
    const upstream = await send(
      `${playgroundUrl}/_connector/v3/conversations/${conversation}/activities`,
      'POST',
      {
        'content-type': 'application/json',
      },
      body,
    ).catch(() => undefined);
    entry.shownAs = upstream && upstream.status < 300 ? idOf(upstream) : undefined;
    if (entry.shownAs) shown++;
  }
  journal.save();
  return shown;
}

/** A person the demo has installed the app for, as the playground names them. */
export interface DemoPerson {
  alias: string;
  id: string;
  name: string;
  aadObjectId: string;
}

/**
 * Installs the app for everyone else, as a Teams admin installs it for the whole organisation: the
 * bot gets each person's personal-chat `conversationUpdate` (chat `a:demo-personal-<alias>`, as the
 * per-user playground config names it), so it can write to people who have not opened the playground
 * yet; what it writes there is kept for them. Once per person per journal (`installedFile`).
 */
export async function installForEveryone(options: {
  botUrl: string;
  connectorUrl: string;
  tenantId: string;
  bot: { id: string; name: string };
  people: DemoPerson[];
  locale: string | null;
  installedFile?: string;
}): Promise<void> {
  const file = options.installedFile;
  const done = new Set<string>(
    file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as string[]) : [],
  );
  for (const person of options.people.filter((p) => !done.has(p.alias))) {
    const activity = {
      type: 'conversationUpdate',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      serviceUrl: options.connectorUrl,
      channelId: 'msteams',
      from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
      recipient: options.bot,
      conversation: { id: `a:demo-personal-${person.alias}`, conversationType: 'personal', tenantId: options.tenantId },
      channelData: { tenant: { id: options.tenantId } },
      membersAdded: [{ id: options.bot.id }],
      locale: options.locale ?? 'en-US',
    };
    const response = await fetch(`${options.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    if (response.ok) done.add(person.alias);
  }
  if (file) fs.writeFileSync(file, JSON.stringify([...done]));
}
