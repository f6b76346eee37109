/**
 * The longest text a form field of `length` characters lets through, as JSON sees it.
 *
 * @remarks `cleanText` and the length checks count UTF-16 characters and keep quotes and lone
 * surrogates: JSON writes a quote as two characters and a lone surrogate as six (`\udc00`), so a
 * record's JSON can be six times as long as the characters its forms allow.
 */
export const worstText = (length: number): string => `"Æ${'\udc00'.repeat(Math.max(0, length - 2))}`.slice(0, length);

/** The longest property value Table Storage takes: 64 KiB, 32 K UTF-16 characters. */
export const PROPERTY_LIMIT = 32 * 1024;
