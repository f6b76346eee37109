import { da, en } from './catalogs';
import { formatMessage } from './message-format';

/** The languages every card and message exists in; Danish is the default (P12). */
export type Locale = 'da' | 'en';

export type Strings = typeof da;

const catalogs: Record<Locale, Strings> = { da, en };

/** Picks the user's language from the Teams locale (e.g. `en-US` → en); anything else is Danish. */
export function pickLocale(teamsLocale: string | undefined | null): Locale {
  return typeof teamsLocale === 'string' && /^en\b/i.test(teamsLocale) ? 'en' : 'da';
}

/**
 * All strings of one language, for card templates.
 *
 * @remarks A string read here is shown as written, so only strings without ICU syntax (no plural,
 * no quoting) may be read this way; a test checks that those render unchanged through {@link t}.
 */
export const stringsFor = (locale: Locale): Strings => catalogs[locale];

/** The catalog string at a dotted key, or undefined. */
export function messageAt(locale: Locale, key: string): string | undefined {
  let node: unknown = catalogs[locale];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Looks up a dotted key (`incident.errors.required`) and renders it as an ICU message: `{name}`
 * placeholders, and `{count, plural, one {# time} other {# timer}}` with the language's CLDR
 * plural rules (P12).
 * A missing key returns the key itself, so a gap shows up in a test rather than as a blank.
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const message = messageAt(locale, key);
  if (message === undefined) return key;
  return formatMessage(locale, key, message, params);
}
