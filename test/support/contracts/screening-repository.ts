import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import type { Screening, ScreeningAnswer } from '../../../src/features/dpia/model';
import type { ScreeningRepository } from '../../../src/features/dpia/repository';
import { screenForDpia, type ScreeningAnswers } from '../../../src/features/dpia/screening-outcome';

const noRisk: ScreeningAnswers = {
  newTechnology: false,
  largeScaleSensitiveData: false,
  largeAmountsRegionalNational: false,
  systematicAutomatedEvaluation: false,
  publicAreaMonitoring: false,
  vulnerableDataSubjects: false,
  highInherentRisk: false,
  processesPersonalData: true,
  processingBeganBefore2018_05_25: false,
  changedSince2018: false,
};

export const screening = (overrides: Partial<Screening> = {}): Screening => ({
  id: randomUUID(),
  systemId: randomBytes(6).toString('hex'),
  systemName: 'Aula',
  trigger: 'new',
  ownerId: randomUUID(),
  requestedBy: randomUUID(),
  requestedByName: 'Mette Kjær',
  requestedAt: '2026-11-28T09:00:00.000Z',
  ...overrides,
});

const answered = (answers: ScreeningAnswers): ScreeningAnswer => ({
  answers,
  notes: { newTechnology: 'Kendt platform — "citeret" \\ med æøå' },
  result: screenForDpia(answers),
  answeredBy: randomUUID(),
  answeredByName: 'Lise Holm',
  answeredAt: '2026-11-29T10:00:00.000Z',
});

/**
 * What every {@link ScreeningRepository} must do, whatever keeps it: run against the Table store on
 * Azurite and against the in-memory store. `fresh` gives an empty store for each test.
 */
export function screeningRepositoryContract(fresh: () => Promise<ScreeningRepository>): void {
  let repo: ScreeningRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('gives back what was stored as a copy with an eTag, and refuses a second create of the same screening', async () => {
    const created = screening({ answer: answered(noRisk) });
    await repo.create(created);
    const stored = await repo.get(created.id);
    expect(stored?.screening).toEqual(created);
    expect(stored?.etag).toBeTruthy();
    stored!.screening.systemName = 'Changed by the caller';
    expect((await repo.get(created.id))?.screening).toEqual(created);
    await expect(repo.create({ ...created, systemName: 'Other' })).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get(created.id))?.screening).toEqual(created);
    expect(await repo.get(randomUUID())).toBeUndefined();
  });

  it('refuses an update with a stale eTag and keeps the newer one', async () => {
    const created = screening();
    await repo.create(created);
    const { etag } = (await repo.get(created.id))!;
    const next = { ...created, answer: answered(noRisk) };
    const saved = await repo.update(next, etag);
    expect(saved.etag).toBeTruthy();
    expect(saved.etag).not.toBe(etag);
    await expect(
      repo.update({ ...created, answer: answered({ ...noRisk, newTechnology: true }) }, etag),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.get(created.id)).toEqual({ screening: next, etag: saved.etag });
  });

  it('lists the screenings not answered, oldest first, at most as many as asked, and drops one once answered', async () => {
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
    const second = screening({ requestedAt: at(12) });
    const first = screening({ requestedAt: at(10) });
    const third = screening({ requestedAt: at(14) });
    const done = screening({ requestedAt: at(11), answer: answered(noRisk) });
    for (const item of [second, first, third, done]) await repo.create(item);
    expect((await repo.listPending(10)).map((item) => item.id)).toEqual([first.id, second.id, third.id]);
    expect((await repo.listPending(2)).map((item) => item.id)).toEqual([first.id, second.id]);

    const { etag } = (await repo.get(first.id))!;
    await repo.update({ ...first, answer: answered(noRisk) }, etag);
    expect((await repo.listPending(10)).map((item) => item.id)).toEqual([second.id, third.id]);
  });

  it('lists required DPIAs not yet done, oldest first, until recorded done', async () => {
    const required = answered({ ...noRisk, vulnerableDataSubjects: true });
    expect(required.result.outcome).toBe('dpiaRequired');
    const older = screening({ requestedAt: '2026-11-01T09:00:00.000Z', answer: required });
    const newer = screening({ requestedAt: '2026-11-02T09:00:00.000Z', answer: required });
    await repo.create(newer);
    await repo.create(older);
    await repo.create(screening({ answer: answered(noRisk) }));
    await repo.create(screening());
    expect((await repo.listDpiaOpen(10)).map((item) => item.id)).toEqual([older.id, newer.id]);

    const { etag } = (await repo.get(older.id))!;
    await repo.update(
      { ...older, dpia: { doneDate: '2026-11-20', link: 'https://x', recordedBy: 'Mette Kjær' } },
      etag,
    );
    expect((await repo.listDpiaOpen(10)).map((item) => item.id)).toEqual([newer.id]);
  });

  it("lists a system's screenings newest first, and keeps a retired one there but off the other lists", async () => {
    const systemId = randomBytes(6).toString('hex');
    const old = screening({ systemId, requestedAt: '2026-10-01T09:00:00.000Z' });
    const newest = screening({ systemId, requestedAt: '2026-11-01T09:00:00.000Z', trigger: 'majorChange' });
    await repo.create(old);
    await repo.create(newest);
    await repo.create(screening());
    expect((await repo.listBySystem(systemId, 10)).map((item) => item.id)).toEqual([newest.id, old.id]);
    expect((await repo.listBySystem(systemId, 1)).map((item) => item.id)).toEqual([newest.id]);

    await repo.retire(old.id);
    await repo.retire(old.id);
    await repo.retire(randomUUID());
    expect((await repo.listPending(10)).map((item) => item.id)).not.toContain(old.id);
    expect((await repo.listPending(10)).map((item) => item.id)).toContain(newest.id);
    expect((await repo.listBySystem(systemId, 10)).map((item) => item.id)).toEqual([newest.id, old.id]);
    expect((await repo.get(old.id))?.screening).toEqual(old);
  });
}
