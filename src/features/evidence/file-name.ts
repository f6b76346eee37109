/** The longest file name kept (with its extension). */
export const MAX_NAME_LENGTH = 100;

/**
 * A sender's file name made safe to show and to offer for download: the last part of any path, no
 * control, format or direction characters (a right-to-left override can make `fdp.exe` read as
 * `exe.pdf`), none of the characters Windows forbids, no leading dots, at most
 * {@link MAX_NAME_LENGTH} characters (the extension kept). Empty when nothing is left.
 *
 * @remarks P10: the name is the sender's words; it is never used as a storage key.
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{FFFD}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 6 ? cleaned.slice(dot) : '';
  return (
    [...cleaned.slice(0, cleaned.length - extension.length)].slice(0, MAX_NAME_LENGTH - extension.length).join('') +
    extension
  );
}

/** The extension of a file name, lower case, without the dot; empty when it has none. */
export const extensionOf = (name: string): string => {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? match[1].toLowerCase() : '';
};

/** `HÆN-2026-0042 skærmbillede.png` as ASCII for browsers that ignore `filename*`. */
export const asciiFileName = (name: string): string =>
  name
    .replace(/Æ/g, 'AE')
    .replace(/æ/g, 'ae')
    .replace(/Ø/g, 'OE')
    .replace(/ø/g, 'oe')
    .replace(/Å/g, 'AA')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._ -]/g, '')
    .replace(/^[. ]+/, '') || 'bevis';
