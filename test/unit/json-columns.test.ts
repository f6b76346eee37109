import { fromJsonColumns, jsonColumns } from '../../src/storage/json-columns';

describe('records longer than one storage property', () => {
  it('are split into parts each within the 32 K-character property limit and read back whole', () => {
    const record = { measures: Array.from({ length: 50 }, (_, i) => ({ id: i, text: `"Æble" ${'ø'.repeat(1500)}` })) };
    const columns = jsonColumns(record);
    expect(Object.keys(columns)).toEqual(['json', 'json1', 'json2']);
    for (const part of Object.values(columns)) expect(part.length).toBeLessThanOrEqual(32 * 1024);
    expect(fromJsonColumns(columns)).toEqual(record);
  });

  it('keep a short record in `json` alone, as rows written before were', () => {
    const record = { title: 'Phishing' };
    expect(jsonColumns(record)).toEqual({ json: JSON.stringify(record) });
    expect(fromJsonColumns({ json: JSON.stringify(record), state: 'received' })).toEqual(record);
  });
});

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('a record with an emoji where it is split', () => {
  it.each([29_999, 30_000, 59_999])('keeps the emoji whole in one part when its first half is character %i', (at) => {
    // `{"t":"` is 6 characters: the emoji's first UTF-16 unit lands exactly at index `at`.
    const record = { t: `${'a'.repeat(at - 6)}😀${'b'.repeat(40_000)}` };
    const columns = jsonColumns(record);
    expect(JSON.stringify(record).charCodeAt(at)).toBe(0xd83d);
    // Every part must be well-formed UTF-16: storage encodes a lone surrogate as U+FFFD.
    for (const part of Object.values(columns)) expect(part).not.toMatch(loneSurrogate);
    const storedAsUtf8 = Object.fromEntries(
      Object.entries(columns).map(([key, part]) => [key, Buffer.from(part, 'utf8').toString('utf8')]),
    );
    expect(fromJsonColumns(storedAsUtf8)).toEqual(record);
    for (const part of Object.values(columns)) expect(part.length).toBeLessThanOrEqual(30_000);
  });
});
