import type { IncomingMessage } from 'node:http';

/** The largest body `POST /api/messages` accepts, in bytes as received (Teams sends far less). */
export const MAX_BODY_BYTES = 512 * 1024;

/** Why a request was refused before anything of it was parsed or authenticated. */
export type BodyRefusal = { status: 400 | 413 | 415; reason: string };

/** An activity as read from the body: a JSON object with a string `type`; nothing else checked yet. */
export type ReadBody = { activity: Record<string, unknown> } | BodyRefusal;

/**
 * Reads a Bot Framework activity from a request body, refusing anything Teams never sends.
 *
 * @remarks P10. Runs before authentication, so it must not let one request cost more than the
 * limit: an encoded body (`Content-Encoding` other than `identity`, in any case or combination) is
 * refused with 415 without being inflated — a small gzip body could otherwise inflate to gigabytes;
 * only `application/json` in UTF-8 is accepted (415); the limit counts the bytes as they arrive,
 * so a chunked body without a length is cut off too (413); malformed JSON, invalid UTF-8, an array,
 * an object without a string `type`, or an envelope Teams never sends (no `from.id`, `recipient.id`
 * or `conversation.id`; a non-string `channelId`, `serviceUrl` or `id`) is 400. The refusal's reason is for the log, never the answer.
 */
export async function readActivityBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<ReadBody> {
  const refusal = refuseHeaders(req, limit);
  if (refusal) return refusal;
  const bytes = await readLimited(req, limit);
  if (!bytes) return { status: 413, reason: 'body too large' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { status: 400, reason: 'body is not JSON in UTF-8' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { status: 400, reason: 'body is not a JSON object' };
  }
  const activity = parsed as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type === '') {
    return { status: 400, reason: 'activity has no type' };
  }
  const misshapen = envelopeProblem(activity);
  if (misshapen) return { status: 400, reason: misshapen };
  return { activity };
}

/** Fields every Teams activity carries as strings, and the objects whose `id` must be a string. */
const stringFields = ['id', 'channelId', 'serviceUrl'] as const;
const parties = ['from', 'recipient', 'conversation'] as const;

/**
 * What is wrong with the activity's envelope, if anything: Teams always sends `from`, `recipient`
 * and `conversation` with a string `id`, and a string `channelId`, `serviceUrl` and `id` where it
 * sends them. botbuilder and teams-ai throw on anything else, after authentication, as a 500.
 */
function envelopeProblem(activity: Record<string, unknown>): string | undefined {
  for (const field of stringFields) {
    if (activity[field] !== undefined && typeof activity[field] !== 'string') return `activity ${field} not a string`;
  }
  for (const party of parties) {
    const value = activity[party] as { id?: unknown } | null | undefined;
    if (typeof value !== 'object' || value === null || typeof value.id !== 'string')
      return `activity ${party} has no id`;
  }
  return undefined;
}

/** The header checks: encoding, media type, charset and declared length. */
function refuseHeaders(req: IncomingMessage, limit: number): BodyRefusal | undefined {
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return { status: 415, reason: 'content encoding' };
  const transfer = String(req.headers['transfer-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (transfer !== '' && transfer !== 'chunked') return { status: 415, reason: 'transfer encoding' };
  const [mediaType = '', ...parameters] = String(req.headers['content-type'] ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return { status: 415, reason: 'content type' };
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (name.trim().toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') {
      return { status: 415, reason: 'charset' };
    }
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return { status: 413, reason: 'body too large' };
  return undefined;
}

/** The body's bytes, or undefined as soon as more than `limit` have arrived (the rest is not kept). */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.resume(); // discard the rest; the answer closes the connection
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}
