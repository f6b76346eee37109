/**
 * Removes control characters other than tab and line breaks from user text, makes the Unicode line
 * and paragraph separators (U+2028, U+2029) plain line breaks, replaces half a surrogate pair (no
 * character at all) with U+FFFD, and trims it. Card inputs are untrusted: this keeps stored text
 * printable and CSV/log-safe, no character longer than two in JSON, and every record storable
 * (Azurite's batch parser fails on a raw U+2028, and with it every report of its group commit).
 */
export function cleanText(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) out += '\uFFFD';
    else if (code === 0x2028 || code === 0x2029) out += '\n';
    else if (code >= 0x20 ? code !== 0x7f : code === 0x09 || code === 0x0a || code === 0x0d) out += char;
  }
  return out.trim();
}

/** The first `length` UTF-16 units of `text`, one fewer where the cut would split a surrogate pair. */
const cut = (text: string, length: number): string => {
  const kept = text.slice(0, Math.max(0, length));
  return /[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept;
};

/** Shortens text to `max` characters, marking the cut with an ellipsis. */
export const shorten = (text: string, max: number): string => (text.length > max ? `${cut(text, max - 1)}…` : text);

/**
 * A card input as read from card data: printable text ({@link cleanText}) cut one character past
 * its field's limit. Teams never sends more than an input's `maxLength`; a client that does still
 * gets the "too long" answer, and the card showing it again stays within Teams' size limit.
 */
export const inputText = (value: string, max: number): string => cut(cleanText(value), max + 1);

/** How many characters `text` takes inside a JSON string (a quote or line break two, a lone surrogate six). */
const jsonLength = (text: string): number => JSON.stringify(text).length - 2;

/** What one character (a code point) takes inside a JSON string, without serialising it. */
const jsonCharLength = (char: string): number => {
  const code = char.charCodeAt(0);
  if (
    char === '"' ||
    char === '\\' ||
    code === 0x08 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0c ||
    code === 0x0d
  )
    return 2;
  if (code < 0x20 || (char.length === 1 && code >= 0xd800 && code <= 0xdfff)) return 6;
  return char.length;
};

/**
 * Shortens text so that it takes at most `max` characters inside a JSON string, marking the cut with
 * an ellipsis; a surrogate pair is never cut in two. Text without quotes, backslashes or line
 * breaks is cut as {@link shorten} cuts it.
 */
export function shortenForJson(text: string, max: number): string {
  if (jsonLength(text) <= max) return text;
  let kept = '';
  let used = 1; // the ellipsis
  for (const char of text) {
    used += jsonCharLength(char);
    if (used > max) break;
    kept += char;
  }
  return `${kept}…`;
}

/**
 * A text field of card data (untrusted): printable text ({@link cleanText}) of at most `max`
 * characters, a number as its digits, anything else ''.
 */
export function cardText(data: Record<string, unknown>, key: string, max: number): string {
  const value = data[key];
  if (typeof value === 'string') return cut(cleanText(value), max);
  return typeof value === 'number' ? String(value) : '';
}

/** Bidirectional formatting characters (embeddings, overrides, isolates, marks). */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Zero-width and invisible characters; a zero-width joiner only outside an emoji sequence. */
const invisible =
  /[\u00AD\u180E\u200B\u200C\u2060-\u2064\u3164\uFEFF\uFFA0]|(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/**
 * User text as it may be shown: bidirectional overrides and zero-width characters removed, so a
 * title cannot reverse what follows it (`faktura\u202Efdp.exe`) or hide characters from the reader.
 *
 * @remarks P10. The stored record keeps what the user typed (evidence); only what is displayed —
 * every card and the CSV export — is neutralised. Emoji sequences keep their zero-width joiner.
 */
export const displayText = (text: string): string => text.replace(bidiControls, '').replace(invisible, '');
