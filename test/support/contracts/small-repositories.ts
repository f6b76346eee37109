import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../../src/errors';
import type { ApprovalItem } from '../../../src/features/approvals/model';
import type { ApprovalRepository } from '../../../src/features/approvals/repository';
import type { QuarterlyReview } from '../../../src/features/reviews/model';
import type { ReviewRepository } from '../../../src/features/reviews/repository';
import type { ViolationReferral } from '../../../src/features/violations/model';
import type { ViolationRepository } from '../../../src/features/violations/repository';

/** What every {@link ReviewRepository} must do; `fresh` gives an empty store for each test. */
export function reviewRepositoryContract(fresh: () => Promise<ReviewRepository>): void {
  let repo: ReviewRepository;
  beforeEach(async () => {
    repo = await fresh();
  });
  const review = (id: string): QuarterlyReview => ({ id, dueAt: '2027-01-04T08:00:00.000Z' });

  it('creates a review once: a second ensure returns what is stored, not what it was given', async () => {
    expect(await repo.ensure(review('2027-Q1'))).toEqual(review('2027-Q1'));
    const { etag } = (await repo.get('2027-Q1'))!;
    const held = { ...review('2027-Q1'), doneAt: '2027-01-10T09:00:00.000Z', heldOn: '2027-01-10', notes: 'æøå "x"' };
    await repo.update(held, etag);
    expect(await repo.ensure(review('2027-Q1'))).toEqual(held);
    expect((await repo.get('2027-Q1'))?.review).toEqual(held);
    expect(await repo.get('2027-Q2')).toBeUndefined();
  });

  it('refuses an update with a stale eTag, and one of a review never stored', async () => {
    await repo.ensure(review('2027-Q2'));
    const { etag } = (await repo.get('2027-Q2'))!;
    await repo.update({ ...review('2027-Q2'), notes: 'first' }, etag);
    await expect(repo.update({ ...review('2027-Q2'), notes: 'second' }, etag)).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.get('2027-Q2'))?.review.notes).toBe('first');
    await expect(repo.update(review('2030-Q1'), etag)).rejects.toBeInstanceOf(NotFoundError);
  });
}

/** What every {@link ApprovalRepository} must do; `fresh` gives an empty store for each test. */
export function approvalRepositoryContract(fresh: () => Promise<ApprovalRepository>): void {
  let repo: ApprovalRepository;
  beforeEach(async () => {
    repo = await fresh();
  });
  const item = (createdAt: string): ApprovalItem => ({
    id: randomUUID(),
    kind: 'annualRiskAssessment',
    state: 'pending',
    createdAt,
    rounds: [],
  });

  it('gives back a copy of what was stored, refuses a second create and a stale eTag', async () => {
    const created = item('2027-03-01T09:00:00.000Z');
    await repo.create(created);
    const stored = await repo.get(created.id);
    expect(stored?.item).toEqual(created);
    stored!.item.state = 'approved';
    expect((await repo.get(created.id))?.item.state).toBe('pending');
    await expect(repo.create({ ...created, kind: 'policyRevision' })).rejects.toBeInstanceOf(ConflictError);

    await repo.update({ ...created, state: 'approved' }, stored!.etag);
    await expect(repo.update({ ...created, state: 'changesRequested' }, stored!.etag)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await repo.get(created.id))?.item.state).toBe('approved');
    expect(await repo.get(randomUUID())).toBeUndefined();
  });

  it('lists items newest first, at most as many as asked', async () => {
    const [a, b, c] = ['2027-01-01', '2027-03-01', '2027-02-01'].map((day) => item(`${day}T09:00:00.000Z`));
    for (const one of [a, b, c]) await repo.create(one!);
    expect((await repo.list(10)).map((one) => one.id)).toEqual([b!.id, c!.id, a!.id]);
    expect((await repo.list(2)).map((one) => one.id)).toEqual([b!.id, c!.id]);
  });
}

/** What every {@link ViolationRepository} must do; `fresh` gives an empty store for each test. */
export function violationRepositoryContract(fresh: () => Promise<ViolationRepository>): void {
  let repo: ViolationRepository;
  beforeEach(async () => {
    repo = await fresh();
  });
  const referral = (referredBy: string, referredAt: string): ViolationReferral => ({
    id: randomUUID(),
    person: "Jens O'Hansen",
    what: 'Delte sin adgangskode',
    referredBy,
    referredByName: 'Mette Kjær',
    referredAt,
  });

  it('gives back a copy of what was stored, refuses a second create and a stale eTag', async () => {
    const created = referral(randomUUID(), '2027-01-01T09:00:00.000Z');
    await repo.create(created);
    const stored = await repo.get(created.id);
    expect(stored?.referral).toEqual(created);
    await expect(repo.create({ ...created, what: 'Andet' })).rejects.toBeInstanceOf(ConflictError);
    const decision = {
      text: 'Advarsel',
      date: '2027-01-05',
      decidedBy: randomUUID(),
      decidedByName: 'Hanne',
      decidedAt: '2027-01-05T10:00:00.000Z',
    };
    const saved = await repo.update({ ...created, decision }, stored!.etag);
    expect(saved.etag).toBeTruthy();
    expect(saved.etag).not.toBe(stored!.etag);
    await expect(repo.update(created, stored!.etag)).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.get(created.id)).toEqual({ referral: { ...created, decision }, etag: saved.etag });
  });

  it("lists every referral newest first, or only one coordinator's (a name with a quote included)", async () => {
    const mette = "o'brien-" + randomUUID();
    const other = randomUUID();
    const first = referral(mette, '2027-01-01T09:00:00.000Z');
    const second = referral(other, '2027-01-02T09:00:00.000Z');
    const third = referral(mette, '2027-01-03T09:00:00.000Z');
    for (const one of [first, second, third]) await repo.create(one);
    expect((await repo.list()).map((one) => one.id)).toEqual([third.id, second.id, first.id]);
    expect((await repo.list(mette)).map((one) => one.id)).toEqual([third.id, first.id]);
    expect(await repo.list(randomUUID())).toEqual([]);
  });
}
