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
