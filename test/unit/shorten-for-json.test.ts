import { shorten, shortenForJson } from '../../src/text';

const jsonLength = (text: string) => JSON.stringify(text).length - 2;

describe('text shortened to a length in JSON (list rows kept within one storage property)', () => {
  it('cuts ordinary Danish text where shorten cuts it', () => {
    const text = 'Skift adgangskoder på alle fællespostkasser i Borgerservice. '.repeat(10);
    expect(shortenForJson(text, 200)).toBe(shorten(text, 200));
    expect(shortenForJson('Ring til IT', 200)).toBe('Ring til IT');
  });

  it('keeps text full of quotes, line breaks and lone surrogates within the length once in JSON', () => {
    const mixed = 'a"\\\b\t\n\f\r\u0001\u001f\udc00\ud800🔒Æ'.repeat(40);
    for (const text of ['"'.repeat(500), '\n'.repeat(500), '\udc00'.repeat(500), `"Æ${'\udc00'.repeat(498)}`, mixed]) {
      const short = shortenForJson(text, 200);
      expect(jsonLength(short)).toBeLessThanOrEqual(200);
      expect(short.endsWith('…')).toBe(true);
      // Cut no earlier than it must: one character more would not have fitted.
      const kept = [...short.slice(0, -1)];
      const next = [...text][kept.length] as string;
      expect(jsonLength(kept.join('') + next) + 1).toBeGreaterThan(200);
    }
  });

  it('never cuts a surrogate pair in two', () => {
    const short = shortenForJson('🔒'.repeat(200), 200);
    expect(short).toBe(`${'🔒'.repeat(99)}…`);
    expect(jsonLength(short)).toBe(199);
  });
});
