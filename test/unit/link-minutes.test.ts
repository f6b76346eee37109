import { da, en } from '../../src/i18n/catalogs';
import { LINK_MINUTES } from '../../src/features/incidents/exports';
import { ATTACH_WINDOW_MINUTES } from '../../src/features/evidence/targets';

/** Every text of a catalog, with its key path. */
const texts = (catalog: unknown, path = ''): [string, string][] =>
  typeof catalog === 'string'
    ? [[path, catalog]]
    : Object.entries(catalog as Record<string, unknown>).flatMap(([key, value]) =>
        texts(value, path ? `${path}.${key}` : key),
      );

/**
 * The texts that tell people how long a one-time link works, or how long "Vedhæft bevis" waits for
 * the file, say the minutes the code uses (`issueLink`, the attach window) — in both languages.
 */
describe('minutes named in texts', () => {
  it.each([
    ['da', da, /\bi (\d+) minutter/g, /inden for (\d+) minutter/g],
    ['en', en, /works?(?: once)? for (\d+) minutes/g, /within (\d+) minutes/g],
  ] as const)('%s: link lifetimes and the attach window match the code', (_lang, catalog, link, attach) => {
    const said = texts(catalog).flatMap(([key, text]) => [
      ...[...text.matchAll(link)].map((m) => `${key}: link ${m[1]}`),
      ...[...text.matchAll(attach)].map((m) => `${key}: attach ${m[1]}`),
    ]);
    expect(said.length).toBeGreaterThanOrEqual(7);
    expect(said).toEqual(
      said.map((line) =>
        line.replace(/(link|attach) \d+$/, (_, what: string) =>
          what === 'link' ? `link ${LINK_MINUTES}` : `attach ${ATTACH_WINDOW_MINUTES}`,
        ),
      ),
    );
  });
});
