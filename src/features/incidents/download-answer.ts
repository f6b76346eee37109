import { t, type Locale } from '../../i18n';

/** An HTTP answer, free of any server framework's types. */
export interface Download {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A refusal a person reads in the browser, in the browser's language (Danish unless it prefers English; P12). */
export const refused = (status: number, key: string, locale: Locale): Download => ({
  status,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'content-language': locale,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  },
  body: t(locale, key),
});

/** The browser's language for the page: English when it prefers English to Danish, else Danish. */
export function pageLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((param) => param.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter(({ tag, q }) => q > 0 && /^(da|en)\b/.test(tag))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'da';
}
