import { cleanText, displayText, inputText, shorten } from '../../src/text';

describe('user text as stored and shown', () => {
  it('keeps letters, emoji, tabs and line breaks, and drops other control characters', () => {
    expect(cleanText('  Æble\tø\r\nå 🔥\u0000\u001b[31m\u007f ')).toBe('Æble\tø\r\nå 🔥[31m');
  });

  it('replaces half a surrogate pair, which is no character, with U+FFFD', () => {
    expect(cleanText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(JSON.stringify(cleanText('\udc00'.repeat(10))).length).toBe(12);
  });

  it('never cuts an emoji in two when shortening or cutting an input', () => {
    expect(shorten('ab🔥cd', 4)).toBe('ab…');
    expect(shorten('abc🔥d', 4)).toBe('abc…');
    expect(inputText('ab🔥', 2)).toBe('ab');
    expect(inputText('abc🔥', 3)).toBe('abc');
    expect(shorten('kort', 10)).toBe('kort');
  });
});

describe('line separators and invisible characters', () => {
  it('makes U+2028 and U+2029 plain line breaks on input', () => {
    expect(cleanText('Linje\u2028skift\u2029afsnit')).toBe('Linje\nskift\nafsnit');
  });

  it.each([
    ['a right-to-left override', 'faktura\u202Efdp.exe', 'fakturafdp.exe'],
    ['an isolate and marks', '\u2067abc\u2069\u200E\u200F\u061C', 'abc'],
    ['zero-width spaces and joiners between letters', 'ad\u200Bm\u200Di\u200Cn\u2060\uFEFF', 'admin'],
  ])('shows text without %s', (_case, typed, shown) => {
    expect(displayText(typed)).toBe(shown);
  });

  it('keeps the zero-width joiner inside an emoji sequence', () => {
    const family = '👨\u200D👩\u200D👧';
    expect(displayText(`Familie ${family}`)).toBe(`Familie ${family}`);
  });
});
