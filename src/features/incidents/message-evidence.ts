import { cleanText, shorten } from '../../text';

/**
 * The message a report was made from, kept with the report as evidence: its text (HTML removed,
 * cut to {@link EVIDENCE_LIMITS}), who sent it, when and Teams' link to it.
 */
export interface MessageEvidence {
  text: string;
  /** The sender's display name as Teams gave it (a bot or an app has none: absent). */
  senderName?: string;
  /** When the message was sent (ISO instant). */
  sentAt?: string;
  /** Teams' deep link to the message (https on a Teams host only). */
  link?: string;
}

/** How much of a message is kept: the excerpt is evidence, not an archive of the chat (P1, P10). */
export const EVIDENCE_LIMITS = { text: 1000, senderName: 120, link: 600 } as const;

/** The hosts a message link may point to (Teams' own deep links). */
const LINK_HOSTS = new Set(['teams.microsoft.com', 'teams.cloud.microsoft', 'teams.live.com']);

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the named entities Teams writes and numeric ones (a bad code point becomes U+FFFD). */
const decodeEntities = (html: string): string =>
  html.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
    }
    return entities[name.toLowerCase()] ?? whole;
  });

/**
 * A Teams message body as plain text: line breaks for `<br>` and block ends, every tag removed
 * (attachments, mentions, images, scripts and styles with their content; a `<` that opens no tag
 * stays text, as it is in Adaptive Cards, which render no HTML), entities decoded,
 * blank runs collapsed, control characters removed ({@link cleanText}).
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|tr)\s*>/gi, '\n')
    .replace(/<\/?[a-z!][^>]*>/gi, '');
  return cleanText(
    decodeEntities(text)
      .replace(/[ \t\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringAt = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Teams' link to the message if it is an https link to a Teams host, else undefined. */
export function teamsLink(value: unknown): string | undefined {
  const raw = stringAt(value);
  if (!raw || raw.length > EVIDENCE_LIMITS.link) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && LINK_HOSTS.has(url.hostname) && !url.username && !url.password
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

/** An ISO instant from a date-time string, or undefined. */
const instant = (value: unknown): string | undefined => {
  const raw = stringAt(value);
  if (!raw || raw.length > 40) return undefined;
  const at = new Date(raw);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
};

/**
 * The evidence in a message action's `messagePayload` (as Teams sends it with
 * `composeExtension/fetchTask` and `submitAction`), or undefined when there is no message or it has
 * no text at all.
 *
 * @remarks P1: a report "from a message". The payload is read as untrusted: only strings are taken,
 * HTML is turned into text, each part is cut to its limit, and a link to anything but Teams is dropped.
 */
export function evidenceFromPayload(payload: unknown): MessageEvidence | undefined {
  if (!isRecord(payload)) return undefined;
  const body = isRecord(payload.body) ? payload.body : {};
  const content = stringAt(body.content) ?? '';
  // Read no more than a generous multiple of what is kept: the rest would be cut anyway.
  const raw = content.slice(0, EVIDENCE_LIMITS.text * 20);
  const text = body.contentType === 'text' ? cleanText(raw) : htmlToText(raw);
  const user = isRecord(payload.from) && isRecord(payload.from.user) ? payload.from.user : {};
  const senderName = cleanText(stringAt(user.displayName) ?? '').slice(0, EVIDENCE_LIMITS.senderName) || undefined;
  const subject = cleanText(stringAt(payload.subject) ?? '');
  const full = [subject, text].filter(Boolean).join('\n');
  if (!full) return undefined;
  return {
    text: shorten(full, EVIDENCE_LIMITS.text),
    senderName,
    sentAt: instant(payload.createdDateTime),
    link: teamsLink(payload.linkToMessage),
  };
}

/** A short title for a report made from a message: its first line, cut. */
export const titleFrom = (evidence: MessageEvidence, max: number): string =>
  shorten((evidence.text.split('\n')[0] ?? '').trim(), max);
