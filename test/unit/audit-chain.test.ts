import { GENESIS, hashRecord, nextRecord, verifyChain, type AuditRecord } from '../../src/features/audit/chain';

const event = (n: number) => ({
  actor: `user-${n}`,
  actorName: `Bruger ${n}`,
  action: 'role.granted',
  subject: `subject-${n}`,
  details: { role: 'management', n },
});

function chainOf(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let n = 1; n <= length; n++)
    records.push(nextRecord('access', records.at(-1), event(n), new Date(Date.UTC(2027, 0, n))));
  return records;
}
const headOf = (records: AuditRecord[]) => ({ seq: records.at(-1)?.seq ?? 0, hash: records.at(-1)?.hash ?? GENESIS });

describe('the audit hash chain (P10 integrity)', () => {
  it('links each record to the hash of the one before', () => {
    const records = chainOf(3);
    expect(records[0]?.prevHash).toBe(GENESIS);
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3]);
    expect(hashRecord(records[2]!)).toBe(records[2]?.hash);
  });

  it('does not depend on the order of properties', () => {
    const [record] = chainOf(1);
    const reordered = JSON.parse(JSON.stringify({ ...record!, details: { n: 1, role: 'management' } }));
    expect(hashRecord(reordered)).toBe(record?.hash);
  });

  it('accepts an intact chain and an empty one', () => {
    const records = chainOf(5);
    expect(verifyChain('access', records, headOf(records))).toBeUndefined();
    expect(verifyChain('access', [], { seq: 0, hash: GENESIS })).toBeUndefined();
  });

  it('names an edited record', () => {
    const records = chainOf(5);
    records[2] = { ...records[2]!, details: { role: 'coordinator', n: 3 } };
    expect(verifyChain('access', records, headOf(chainOf(5)))).toEqual({ chain: 'access', seq: 3, reason: 'edited' });
  });

  it('names an edited record even when its hash was recomputed (the next link breaks)', () => {
    const records = chainOf(5);
    const forged = { ...records[1]!, actorName: 'Someone else' };
    records[1] = { ...forged, hash: hashRecord(forged) };
    expect(verifyChain('access', records, headOf(chainOf(5)))).toEqual({
      chain: 'access',
      seq: 3,
      reason: 'reordered',
    });
  });

  it('names a deleted record, in the middle or at the end', () => {
    const records = chainOf(5);
    const head = headOf(records);
    expect(verifyChain('access', [...records.slice(0, 2), ...records.slice(3)], head)).toEqual({
      chain: 'access',
      seq: 3,
      reason: 'missing',
    });
    expect(verifyChain('access', records.slice(0, 4), head)).toEqual({ chain: 'access', seq: 5, reason: 'missing' });
  });

  it('names reordered records', () => {
    const records = chainOf(5);
    const swapped = [records[0]!, records[2]!, records[1]!, records[3]!, records[4]!];
    expect(verifyChain('access', swapped, headOf(records))).toEqual({ chain: 'access', seq: 2, reason: 'reordered' });
    // Renumbering the swapped records to hide the swap still breaks the links.
    const renumbered = swapped.map((record, i) => ({ ...record, seq: i + 1 }));
    expect(verifyChain('access', renumbered, headOf(records))?.seq).toBe(2);
  });

  it('notices a head that does not match the last record', () => {
    const records = chainOf(3);
    expect(verifyChain('access', records, { seq: 3, hash: 'f'.repeat(64) })).toEqual({
      chain: 'access',
      seq: 3,
      reason: 'head mismatch',
    });
  });
});
