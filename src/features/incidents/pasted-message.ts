import { cleanText } from '../../text';
import { htmlToText } from './message-evidence';

/** A message at least this long that is no command reads as something pasted, not typed to the bot. */
export const PASTED_MIN_LENGTH = 200;

interface InboundMessage {
  text?: unknown;
  attachments?: unknown;
}

/** The HTML Teams sends beside a message's text (`text/html` attachment), if any. */
const htmlOf = (message: InboundMessage): string | undefined => {
  if (!Array.isArray(message.attachments)) return undefined;
  const html = message.attachments.find(
    (attachment) => (attachment as { contentType?: unknown })?.contentType === 'text/html',
  ) as { content?: unknown } | undefined;
  return typeof html?.content === 'string' ? html.content : undefined;
};

/**
 * The text of a message in the personal chat that looks like a message the user received and
 * passes on (forwarded, quoted or pasted), or undefined: it holds a quote (Teams' `blockquote`), a
 * link, or is long.
 *
 * @remarks P1: "A suspicious message forwarded to the bot's personal chat offers the same" — the
 * report card with the text as its description, which the reporter edits before sending. What is
 * pasted is the reporter's own input, so it is only a prefill, not evidence.
 */
export function pastedText(message: InboundMessage): string | undefined {
  const html = htmlOf(message);
  const plain = typeof message.text === 'string' ? cleanText(message.text) : '';
  const text = html ? htmlToText(html.slice(0, 40_000)) || plain : plain;
  if (!text) return undefined;
  const quoted = html !== undefined && /<blockquote\b/i.test(html);
  const linked = /\bhttps?:\/\/\S/i.test(text);
  return quoted || linked || text.length >= PASTED_MIN_LENGTH ? text : undefined;
}
