/**
 * Removes control characters other than tab and line breaks from user text, and trims it.
 * Card inputs are untrusted: this keeps stored text printable and CSV/log-safe.
 */
export function cleanText(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 ? code !== 0x7f : code === 0x09 || code === 0x0a || code === 0x0d) out += char;
  }
  return out.trim();
}

/** Shortens text to `max` characters, marking the cut with an ellipsis. */
export const shorten = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;

/**
 * A card input as read from card data: printable text ({@link cleanText}) cut one character past
 * its field's limit. Teams never sends more than an input's `maxLength`; a client that does still
 * gets the "too long" answer, and the card showing it again stays within Teams' size limit.
 */
export const inputText = (value: string, max: number): string => cleanText(value).slice(0, max + 1);
