import { IntlMessageFormat } from 'intl-messageformat';
import { da, en } from '../../src/i18n/catalogs';
import { argumentNames } from '../../src/i18n/message-format';
import { t } from '../../src/i18n';

const keys = (node: unknown, prefix = ''): string[] =>
  node && typeof node === 'object'
    ? Object.entries(node).flatMap(([key, value]) => keys(value, `${prefix}${key}.`))
    : [prefix.slice(0, -1)];

const value = (catalog: object, key: string): string => key.split('.').reduce<any>((node, part) => node[part], catalog);

const catalogs = { da, en } as const;

describe('locales (P12: Danish first, English too)', () => {
  it('has every Danish string in English and nothing extra', () => {
    expect(keys(en).filter((key) => !keys(da).includes(key))).toEqual([]);
    expect(keys(da).filter((key) => !keys(en).includes(key))).toEqual([]);
    expect(keys(en).sort()).toEqual(keys(da).sort());
  });

  it('has no empty string in either language', () => {
    const empty = (catalog: object) => keys(catalog).filter((key) => value(catalog, key) === '');
    expect(empty(da)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it('compiles every string of both languages as an ICU message', () => {
    const broken = (['da', 'en'] as const).flatMap((locale) =>
      keys(catalogs[locale]).filter((key) => {
        try {
          new IntlMessageFormat(value(catalogs[locale], key), locale, undefined, { ignoreTag: true });
          return false;
        } catch {
          return true;
        }
      }),
    );
    expect(broken).toEqual([]);
  });

  it('keeps the same values (placeholders and plural counts) in both languages', () => {
    const names = (text: string) => argumentNames(text).sort();
    const mismatched = keys(da).filter(
      (key) => JSON.stringify(names(value(da, key))) !== JSON.stringify(names(value(en, key))),
    );
    expect(mismatched).toEqual([]);
  });

  it('shows every string without a plural exactly as written, so a card template may read it directly', () => {
    // An apostrophe ("HR's", "municipality's") or a brace under ICU quoting rules would change
    // here; `stringsFor` hands such strings to templates unrendered, so they must not.
    const changed = (['da', 'en'] as const).flatMap((locale) =>
      keys(catalogs[locale])
        .filter((key) => !/\{\w+, (plural|select)/.test(value(catalogs[locale], key)))
        .filter((key) => {
          const text = value(catalogs[locale], key);
          const asIs = Object.fromEntries(argumentNames(text).map((name) => [name, `{${name}}`]));
          return t(locale, key, asIs) !== text;
        })
        .map((key) => `${locale} ${key}`),
    );
    expect(changed).toEqual([]);
  });
});
