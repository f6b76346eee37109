import { randomBytes } from 'node:crypto';
import type { ApprovalItem } from '../../src/features/approvals/model';
import { ConflictError } from '../../src/errors';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { createTables } from '../../src/storage/tables';

describe('approval items on Azurite', () => {
  let repo: TableApprovalRepository;
  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `p${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    repo = new TableApprovalRepository(tables.client('Reviews'));
  });

  const item = (summaryLength: number): ApprovalItem => ({
    id: `a1b2c3d4-0000-4000-8000-${randomBytes(6).toString('hex')}`,
    kind: 'handbookRevision',
    state: 'pending',
    createdAt: new Date().toISOString(),
    rounds: [
      {
        round: 1,
        title: 'Håndbog',
        version: '3.0',
        link: '',
        // ASCII on purpose: reading a response over 64 KB from Azurite here turned a Danish
        // character split at the boundary into U+FFFD (seen with Azurite 3.35 + data-tables 13.3).
        summary: 'o'.repeat(summaryLength),
        material: false,
        submittedBy: 'c',
        submittedByName: 'C',
        submittedAt: new Date().toISOString(),
        required: 1,
        decisions: [],
      },
    ],
  });

  it('keeps an item longer than one table property can hold, and shrinks it again', async () => {
    const big = item(100_000);
    await repo.create(big);
    const stored = await repo.get(big.id);
    expect(stored?.item).toEqual(big);
    const small = { ...big, rounds: [{ ...big.rounds[0]!, summary: 'kort' }] };
    await repo.update(small, stored!.etag);
    expect((await repo.get(big.id))?.item).toEqual(small);
    expect((await repo.list(10)).map((found) => found.id)).toContain(big.id);
  });

  it('refuses an update from a stale read (two decisions can never overwrite each other)', async () => {
    const first = item(10);
    await repo.create(first);
    const read = await repo.get(first.id);
    await repo.update({ ...first, state: 'approved' }, read!.etag);
    await expect(repo.update({ ...first, state: 'changesRequested' }, read!.etag)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await repo.get(first.id))?.item.state).toBe('approved');
  });
});
