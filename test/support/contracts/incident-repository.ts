import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../../src/errors';
import { toListItem } from '../../../src/features/incidents/list-item';
import type { HistoryEntry, Incident, IncidentKind, Severity } from '../../../src/features/incidents/model';
import type { IncidentRepository } from '../../../src/features/incidents/repository';
import { draft, entry } from '../incidents';

const change = (version: number, comment = 'Triageret'): HistoryEntry => ({
  version,
  at: '2026-11-28T10:00:00.000Z',
  by: 'c',
  byName: 'Mette Kjær',
  action: 'triaged',
  changes: { state: ['received', 'inProgress'] },
  comment,
});

/** Stores a new incident as the service does, with a fresh submission key. */
const report = (repo: IncidentRepository, year: number, overrides: Partial<Incident> = {}, reporter = randomUUID()) =>
  repo.create({ ...draft(reporter), ...overrides }, year, randomUUID(), entry).then(({ incident }) => incident);

/** Moves an incident to `next` (one version on), as triage does. */
async function move(repo: IncidentRepository, incident: Incident, next: Partial<Incident>): Promise<Incident> {
  const stored = (await repo.get(incident.year, incident.seq))!;
  const changed = { ...stored.incident, ...next, version: stored.incident.version + 1 };
  await repo.update(changed, stored.etag, change(changed.version), stored.incident);
  return changed;
}

/**
 * What every {@link IncidentRepository} must do (P1, P10): gap-free numbers per year, one incident
 * per submission however often it is submitted, updates guarded by the eTag with an append-only
 * history, and lists paged by number — open incidents oldest first (filtered by kind and severity),
 * a reporter's own newest first. `fresh` gives an empty store for each test; `settle` waits for
 * work a store finishes in the background (list rows), if any.
 */
export function incidentRepositoryContract(
  fresh: () => Promise<IncidentRepository>,
  settle: (repo: IncidentRepository) => Promise<void> = async () => undefined,
): void {
  let repo: IncidentRepository;
  beforeEach(async () => {
    repo = await fresh();
  });
  afterEach(async () => {
    await settle(repo);
  });

  it('numbers each year from 1 without gaps, and gives back a copy of what it stored with an eTag', async () => {
    const a = await report(repo, 2026);
    const b = await report(repo, 2026);
    const c = await report(repo, 2027);
    expect([a.number, b.number, c.number]).toEqual(['HÆN-2026-0001', 'HÆN-2026-0002', 'HÆN-2027-0001']);
    expect(a).toMatchObject({ year: 2026, seq: 1, version: 1, title: draft('x').title });
    const stored = await repo.get(2026, 1);
    expect(stored?.incident).toEqual(a);
    expect(stored?.etag).toBeTruthy();
    stored!.incident.title = 'Changed by the caller';
    expect((await repo.get(2026, 1))?.incident.title).toBe(a.title);
    expect(await repo.history(2026, 1)).toEqual([{ ...entry, version: 1 }]);
    expect(await repo.get(2026, 3)).toBeUndefined();
    expect(await repo.history(2026, 3)).toEqual([]);
    expect(await repo.view(2026, 3)).toBeUndefined();
  });

  it('stores one incident per submission: a repeat answers the first, not created', async () => {
    const key = randomUUID();
    const first = await repo.create(draft('r1'), 2026, key, entry);
    const again = await repo.create(draft('r1', 'Anden titel'), 2026, key, entry);
    expect(first.created).toBe(true);
    expect(again).toEqual({ incident: first.incident, created: false });
    expect((await report(repo, 2026)).seq).toBe(2);
  });

  it('gives concurrent reports distinct gap-free numbers, and concurrent repeats one incident', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => report(repo, 2026)));
    expect(made.map((incident) => incident.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const key = randomUUID();
    const repeats = await Promise.all(Array.from({ length: 4 }, () => repo.create(draft('r2'), 2026, key, entry)));
    expect(repeats.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(repeats.map((result) => result.incident.number))).toEqual(new Set(['HÆN-2026-0009']));
  });

  it('updates with the eTag read, appending the history; a stale eTag or a version already recorded changes nothing', async () => {
    const incident = await report(repo, 2026);
    const stored = (await repo.get(2026, incident.seq))!;
    const next = { ...incident, version: 2, state: 'inProgress' as const, severity: 'high' as const };
    const saved = await repo.update(next, stored.etag, change(2), incident);
    expect(saved.incident).toEqual(next);
    expect(saved.etag).toBeTruthy();
    expect(saved.etag).not.toBe(stored.etag);
    expect(await repo.get(2026, incident.seq)).toEqual({ incident: next, etag: saved.etag });

    await expect(
      repo.update({ ...next, version: 3, title: 'Stale' }, stored.etag, change(3), incident),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      repo.update({ ...next, version: 2, title: 'Same version' }, saved.etag, change(2, 'Igen'), next),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.get(2026, incident.seq)).toEqual({ incident: next, etag: saved.etag });
    expect(await repo.history(2026, incident.seq)).toEqual([{ ...entry, version: 1 }, change(2)]);
    expect(await repo.view(2026, incident.seq)).toEqual({
      incident: next,
      history: [{ ...entry, version: 1 }, change(2)],
    });
  });

  it('refuses to update an incident that was never stored', async () => {
    const ghost = { ...(await report(repo, 2026)), seq: 99, number: 'HÆN-2026-0099' };
    await expect(repo.update({ ...ghost, version: 2 }, 'W/"x"', change(2), ghost)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await repo.get(2026, 99)).toBeUndefined();
  });

  it('lists open incidents oldest number first, a page after the last shown, without closed ones', async () => {
    const made: Incident[] = [];
    for (const year of [2025, 2026, 2026, 2026, 2026]) made.push(await report(repo, year));
    await move(repo, made[2]!, { state: 'closed', closedAt: '2026-11-29T10:00:00.000Z' });
    await move(repo, made[3]!, { state: 'notAnIncident' });
    const moved = await move(repo, made[4]!, { state: 'contained' });
    const open = [made[0]!, made[1]!, moved];
    expect(await repo.listOpen()).toEqual(open.map(toListItem));
    expect(await repo.listOpen(2)).toEqual(open.slice(0, 2).map(toListItem));
    expect(await repo.listOpen(2, { after: { year: 2026, seq: 1 } })).toEqual([toListItem(moved)]);
    expect(await repo.listOpen(10, { after: { year: 2026, seq: 3 } })).toEqual([toListItem(moved)]);
    expect(await repo.listOpen(10, { after: { year: 2026, seq: 4 } })).toEqual([]);
    await move(repo, made[2]!, { state: 'inProgress' });
    expect((await repo.listOpen()).map((item) => item.number)).toEqual([
      'HÆN-2025-0001',
      'HÆN-2026-0001',
      'HÆN-2026-0002',
      'HÆN-2026-0004',
    ]);
  });

  it('filters the open list by kind and severity over all of it, paging within the filter', async () => {
    const made: Incident[] = [];
    const shapes: [IncidentKind, Severity | undefined][] = [
      ['general', 'high'],
      ['personalData', 'high'],
      ['personalData', 'low'],
      ['general', undefined],
      ['personalData', 'high'],
    ];
    for (const [kind, severity] of shapes) made.push(await report(repo, 2026, { kind, severity }));
    const numbers = async (limit: number, query: Parameters<IncidentRepository['listOpen']>[1]) =>
      (await repo.listOpen(limit, query)).map((item) => item.seq);
    expect(await numbers(10, { kind: 'personalData' })).toEqual([2, 3, 5]);
    expect(await numbers(10, { severity: 'high' })).toEqual([1, 2, 5]);
    expect(await numbers(10, { kind: 'personalData', severity: 'high' })).toEqual([2, 5]);
    expect(await numbers(1, { kind: 'personalData', severity: 'high', after: { year: 2026, seq: 2 } })).toEqual([5]);
    await move(repo, made[4]!, { severity: 'low' });
    expect(await numbers(10, { kind: 'personalData', severity: 'high' })).toEqual([2]);
    expect(await numbers(10, { kind: 'system' })).toEqual([]);
  });

  it("lists a reporter's own incidents newest first, open or closed, a page after the last shown", async () => {
    const sofie = randomUUID();
    const own = [
      await report(repo, 2025, {}, sofie),
      await report(repo, 2026, {}, sofie),
      await report(repo, 2026),
      await report(repo, 2026, {}, sofie),
    ];
    const closed = await move(repo, own[1]!, { state: 'closed', closedAt: '2026-11-29T10:00:00.000Z' });
    expect(await repo.listByReporter(sofie, 10)).toEqual([own[3]!, closed, own[0]!].map(toListItem));
    expect(await repo.listByReporter(sofie, 2)).toEqual([own[3]!, closed].map(toListItem));
    expect(await repo.listByReporter(sofie, 2, { year: 2026, seq: 3 })).toEqual([closed, own[0]!].map(toListItem));
    expect(await repo.listByReporter(sofie, 2, { year: 2025, seq: 1 })).toEqual([]);
    expect(await repo.listByReporter(randomUUID(), 10)).toEqual([]);
  });

  it('lists the incidents reported in [from, to), by number, across years', async () => {
    const late2025 = await report(repo, 2025, { reportedAt: '2025-12-31T23:30:00.000Z' });
    const first2026 = await report(repo, 2026, { reportedAt: '2026-01-01T00:00:00.000Z' });
    await report(repo, 2026, { reportedAt: '2026-02-01T00:00:00.000Z' });
    const between = await repo.listReportedBetween(
      new Date('2025-12-31T00:00:00.000Z'),
      new Date('2026-02-01T00:00:00.000Z'),
    );
    expect(between).toEqual([late2025, first2026]);
    expect(await repo.listReportedBetween(new Date('2024-01-01'), new Date('2025-01-01'))).toEqual([]);
  });
}
