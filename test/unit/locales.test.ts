import { da, en } from '../../src/i18n/catalogs';

const keys = (node: unknown, prefix = ''): string[] =>
  node && typeof node === 'object'
    ? Object.entries(node).flatMap(([key, value]) => keys(value, `${prefix}${key}.`))
    : [prefix.slice(0, -1)];

describe('locales (P12: Danish first, English too)', () => {
  it('has every Danish string in English and nothing extra', () => {
    expect(keys(en).sort()).toEqual(keys(da).sort());
  });

  it('has no empty string in either language', () => {
    const empty = (catalog: object) =>
      keys(catalog).filter((key) => key.split('.').reduce<any>((node, part) => node[part], catalog) === '');
    expect(empty(da)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it('keeps placeholders the same in both languages', () => {
    const value = (catalog: object, key: string): string =>
      key.split('.').reduce<any>((node, part) => node[part], catalog);
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    const mismatched = keys(da).filter(
      (key) => JSON.stringify(placeholders(value(da, key))) !== JSON.stringify(placeholders(value(en, key))),
    );
    expect(mismatched).toEqual([]);
  });
});
