import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import type { ExportGrant, ExportRepository } from '../../../src/features/incidents/exports';

const grant = (): ExportGrant => ({
  token: randomBytes(24).toString('base64url'),
  userId: randomUUID(),
  from: '2026-01-01',
  to: '2027-01-01',
  expiresAt: '2027-01-01T10:15:00.000Z',
});

/** What every {@link ExportRepository} must do: a one-time grant, claimed at most once. */
export function exportRepositoryContract(fresh: () => Promise<ExportRepository>): void {
  let repo: ExportRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('gives a grant once: the second claim, and a claim of a token never granted, get nothing', async () => {
    const created = grant();
    await repo.create(created);
    expect(await repo.claim(created.token)).toEqual(created);
    expect(await repo.claim(created.token)).toBeUndefined();
    expect(await repo.claim(grant().token)).toBeUndefined();
  });

  it('refuses a second grant with the same token, keeping the first', async () => {
    const created = grant();
    await repo.create(created);
    await expect(repo.create({ ...created, userId: randomUUID() })).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.claim(created.token)).toEqual(created);
  });

  it('answers a token that cannot be one with nothing (no storage key built from it)', async () => {
    for (const token of ['', 'short', `${'a'.repeat(30)}/x`, "a'".repeat(15), 'æ'.repeat(30), 'a'.repeat(101)])
      expect(await repo.claim(token)).toBeUndefined();
  });

  it('two claims at once: exactly one gets the grant', async () => {
    const created = grant();
    await repo.create(created);
    const claims = await Promise.all([repo.claim(created.token), repo.claim(created.token), repo.claim(created.token)]);
    expect(claims.filter(Boolean)).toEqual([created]);
  });
}
