import type { TurnContext } from 'botbuilder';
import type { Download, IncomingFile } from '../platform/turn';

/** What Teams sends for a file shared into a chat with a bot whose manifest says `supportsFiles`. */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * The hosts Teams keeps files on: OneDrive/SharePoint for shared files, the Bot Connector and Teams'
 * media service for inline images. Nothing else is fetched — an attachment's URL is data in an
 * activity, and a bot that fetched any URL would be a proxy into wherever it runs. The turn's own
 * `serviceUrl` (authenticated with the activity) is allowed too: in the local default and the tests
 * that is the local connector.
 */
export const FILE_HOSTS: readonly string[] = ['*.sharepoint.com', 'smba.trafficmanager.net', '*.asm.skype.com'];

/** Milliseconds a download may take before it counts as unreachable. */
const DOWNLOAD_TIMEOUT_MS = 20_000;
/** Redirects followed, each to an allowed host again. */
const MAX_REDIRECTS = 3;

/** Where each announced file is fetched from, kept out of the features' sight. */
const locations = new WeakMap<IncomingFile, string>();

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The files of a message's attachments: shared files and inline images; cards, HTML bodies and quotes are not files. */
export function filesOf(attachments: unknown[]): IncomingFile[] {
  const files: IncomingFile[] = [];
  for (const attachment of attachments) {
    if (!isRecord(attachment)) continue;
    const contentType = text(attachment.contentType);
    const content = isRecord(attachment.content) ? attachment.content : {};
    if (contentType === FILE_DOWNLOAD_INFO && text(content.downloadUrl)) {
      const file: IncomingFile = {
        name: text(attachment.name) || 'fil',
        declaredType: text(content.fileType),
        source: 'file',
      };
      locations.set(file, text(content.downloadUrl));
      files.push(file);
    } else if (contentType.startsWith('image/') && text(attachment.contentUrl)) {
      const file: IncomingFile = {
        name:
          text(attachment.name) || `billede.${contentType.slice('image/'.length).replace(/[^a-z0-9]/gi, '') || 'png'}`,
        declaredType: contentType,
        source: 'inline-image',
      };
      locations.set(file, text(attachment.contentUrl));
      files.push(file);
    }
  }
  return files;
}

const hostMatches = (host: string, pattern: string): boolean =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;

/** True when `url` is on a host the bot fetches files from (https, or the turn's own service URL's origin). */
export function allowedLocation(url: URL, serviceUrl: string): boolean {
  let service: URL | undefined;
  try {
    service = serviceUrl ? new URL(serviceUrl) : undefined;
  } catch {
    service = undefined;
  }
  if (service && url.origin === service.origin) return true;
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return FILE_HOSTS.some((pattern) => hostMatches(host, pattern));
}

/** The bot's own token for the Bot Connector (inline images need it); none when authentication is off. */
async function connectorAuthorization(context: TurnContext): Promise<string | undefined> {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as
    { credentials?: { signRequest?: (resource: unknown) => Promise<unknown> } } | undefined;
  const sign = client?.credentials?.signRequest;
  if (typeof sign !== 'function') return undefined;
  let authorization: string | undefined;
  await sign.call(client?.credentials, {
    headers: {
      set: (name: string, value: string) => {
        if (name.toLowerCase() === 'authorization') authorization = value;
      },
    },
  });
  return authorization;
}

/** Reads at most `maxBytes` of a response; undefined when there were more. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/**
 * Fetches an announced file: only from the allowed hosts (redirects included), with the bot's token
 * for the connector's own host and Teams' media hosts, in at most {@link DOWNLOAD_TIMEOUT_MS}, stopped
 * past `maxBytes`. Failures are answers, never exceptions: the feature tells the person what happened.
 */
export async function downloadFile(
  context: TurnContext,
  file: IncomingFile,
  options: { maxBytes: number },
): Promise<Download> {
  const location = locations.get(file);
  if (!location) return { ok: false, reason: 'refused-host' };
  const serviceUrl = context.activity.serviceUrl ?? '';
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return { ok: false, reason: 'refused-host' };
  }
  const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!allowedLocation(url, serviceUrl)) return { ok: false, reason: 'refused-host' };
      const headers: Record<string, string> = {};
      // Shared files come with a pre-authorised download URL; inline images need the bot's token.
      if (file.source === 'inline-image' && !url.hostname.toLowerCase().endsWith('.sharepoint.com')) {
        const authorization = await connectorAuthorization(context);
        if (authorization) headers.authorization = authorization;
      }
      const response = await fetch(url, { headers, redirect: 'manual', signal });
      const next = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && next) {
        await response.body?.cancel();
        url = new URL(next, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, reason: 'unreachable' };
      }
      const bytes = await readCapped(response, options.maxBytes);
      if (!bytes) return { ok: false, reason: 'too-large' };
      return { ok: true, name: file.name, declaredType: file.declaredType, bytes };
    }
    return { ok: false, reason: 'unreachable' };
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
}
