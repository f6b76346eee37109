import { cleanText, inputText, shorten } from '../../src/text';

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
