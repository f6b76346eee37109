/**
 * Text as a document may hold it: characters XML 1.0 forbids (control characters but tab and line
 * breaks, U+FFFE/U+FFFF, half a surrogate pair) are dropped, and every line break is `\n`.
 *
 * @remarks P10. Records hold user text from cards; one forbidden character would make Word refuse
 * to open the whole file, so the record would be unreadable exactly when an auditor needs it.
 */
export function documentText(value: string): string {
  let out = '';
  for (const char of value.replace(/\r\n?/g, '\n')) {
    const code = char.codePointAt(0) ?? 0;
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
      code === 0xfffe ||
      code === 0xffff ||
      (code >= 0xd800 && code <= 0xdfff);
    if (!forbidden) out += char;
  }
  return out;
}
