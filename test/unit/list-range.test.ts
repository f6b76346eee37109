import { rangeFilter } from '../../src/storage/list-range';

describe('the OData filter of a key range', () => {
  it('quotes every key, doubling a quote inside it, so a key can never end the literal early', () => {
    expect(rangeFilter({ partitionKey: "o'brien", from: 'a', after: "x' or true or 'y", to: '~' })).toBe(
      "PartitionKey eq 'o''brien' and RowKey ge 'a' and RowKey gt 'x'' or true or ''y' and RowKey lt '~'",
    );
  });

  it('leaves out the bounds not given, and adds further conditions', () => {
    expect(rangeFilter({ partitionKey: 'register' }, "kind eq 'general'")).toBe(
      "PartitionKey eq 'register' and kind eq 'general'",
    );
  });
});
