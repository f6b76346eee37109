import { da, en } from './catalogs';

/** The languages every card and message exists in; Danish is the default (P12). */
export type Locale = 'da' | 'en';

export type Strings = typeof da;

const catalogs: Record<Locale, Strings> = { da, en };

/** Picks the user's language from the Teams locale (e.g. `en-US` → en); anything else is Danish. */
export function pickLocale(teamsLocale: string | undefined | null): Locale {
  return typeof teamsLocale === 'string' && /^en\b/i.test(teamsLocale) ? 'en' : 'da';
}

/** All strings of one language, for card templates. */
export const stringsFor = (locale: Locale): Strings => catalogs[locale];

/**
 * Looks up a dotted key (`incident.errors.required`) and fills `{name}` placeholders.
 * A missing key returns the key itself, so a gap shows up in a test rather than as a blank.
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = catalogs[locale];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
