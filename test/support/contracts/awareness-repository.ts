import { randomUUID } from 'node:crypto';
import type { ReadCampaign, ReadRequest } from '../../../src/features/awareness/model';
import type { AwarenessRepository } from '../../../src/features/awareness/repository';

/** What every {@link AwarenessRepository} must do (P12); `fresh` gives an empty store for each test. */
export function awarenessRepositoryContract(fresh: () => Promise<AwarenessRepository>): void {
  let repo: AwarenessRepository;
  beforeEach(async () => {
    repo = await fresh();
  });
  const campaign = (overrides: Partial<ReadCampaign> = {}): ReadCampaign => ({
    id: `${randomUUID()}-r1`,
    kind: 'policyRevision',
    title: 'Informationssikkerhedspolitik',
    version: '1.2',
    link: 'https://intranet.egedal-demo.dk/politik-1.2',
    startedAt: '2026-12-01T09:00:00.000Z',
    startedBy: randomUUID(),
    startedByName: 'Mette Kjær',
    reminderDays: 7,
    ...overrides,
  });
  const asked = (overrides: Partial<ReadRequest> = {}): ReadRequest => ({
    userId: randomUUID(),
    group: 'employee',
    askedAt: '2026-12-01T09:05:00.000Z',
    ...overrides,
  });

  it('starts a campaign once: a second start answers what is stored, not what it was given', async () => {
    const first = campaign();
    expect(await repo.start(first)).toEqual({ campaign: first, created: true });
    expect(await repo.start({ ...first, title: 'Ændret' })).toEqual({ campaign: first, created: false });
    expect(await repo.campaign(first.id)).toEqual(first);
    expect(await repo.campaign('ukendt-r1')).toBeUndefined();
  });

  it('keeps the newest campaign of each kind as the current one, whatever order they are started in', async () => {
    expect(await repo.current('policyRevision')).toBeUndefined();
    const older = campaign({ startedAt: '2026-01-01T09:00:00.000Z', version: '1.1' });
    const newer = campaign({ startedAt: '2026-12-01T09:00:00.000Z', version: '1.2' });
    const handbook = campaign({ kind: 'handbookRevision', version: '3.0' });
    await repo.start(newer);
    await repo.start(older);
    await repo.start(handbook);
    expect((await repo.current('policyRevision'))?.version).toBe('1.2');
    expect((await repo.current('handbookRevision'))?.version).toBe('3.0');
  });

  it('keeps the later version current when two are sent out at the same moment', async () => {
    for (let round = 0; round < 12; round++) {
      const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, 2 * round + minute)).toISOString();
      const older = campaign({ startedAt: at(0), version: `${round}.0` });
      const newer = campaign({ startedAt: at(1), version: `${round}.1` });
      await Promise.all(round % 2 ? [repo.start(older), repo.start(newer)] : [repo.start(newer), repo.start(older)]);
      expect({ round, current: (await repo.current('policyRevision'))?.version }).toEqual({
        round,
        current: `${round}.1`,
      });
    }
  });

  it('asks a person once: a second ask keeps the first request (nobody is asked twice)', async () => {
    const { id } = campaign();
    const request = asked({ group: 'guest' });
    expect(await repo.ask(id, request)).toEqual({ request, created: true });
    expect(await repo.ask(id, { ...request, askedAt: '2026-12-02T09:00:00.000Z' })).toEqual({
      request,
      created: false,
    });
    expect(await repo.request(id, request.userId)).toEqual(request);
    expect(await repo.request(`${randomUUID()}-r1`, request.userId)).toBeUndefined();
  });

  it('lists exactly the requests of one campaign', async () => {
    const [a, b] = [campaign().id, campaign().id];
    const inA = [asked(), asked({ group: 'guest' }), asked()];
    for (const request of inA) await repo.ask(a as string, request);
    await repo.ask(b as string, asked());
    const listed = await repo.requests(a as string);
    expect(listed.map((request) => request.userId).sort()).toEqual(inA.map((request) => request.userId).sort());
    expect(await repo.requests(`${randomUUID()}-r1`)).toEqual([]);
  });

  it('records a confirmation and a reminder once, keeping the first time, and only for someone asked', async () => {
    const { id } = campaign();
    const request = asked();
    await repo.ask(id, request);
    expect(await repo.remind(id, request.userId, '2026-12-08T09:00:00.000Z')).toEqual({
      ...request,
      remindedAt: '2026-12-08T09:00:00.000Z',
    });
    expect((await repo.remind(id, request.userId, '2026-12-09T09:00:00.000Z'))?.remindedAt).toBe(
      '2026-12-08T09:00:00.000Z',
    );
    expect((await repo.confirm(id, request.userId, '2026-12-08T10:00:00.000Z'))?.confirmedAt).toBe(
      '2026-12-08T10:00:00.000Z',
    );
    expect((await repo.confirm(id, request.userId, '2026-12-10T10:00:00.000Z'))?.confirmedAt).toBe(
      '2026-12-08T10:00:00.000Z',
    );
    expect(await repo.request(id, request.userId)).toEqual({
      ...request,
      remindedAt: '2026-12-08T09:00:00.000Z',
      confirmedAt: '2026-12-08T10:00:00.000Z',
    });
    expect(await repo.confirm(id, randomUUID(), '2026-12-08T10:00:00.000Z')).toBeUndefined();
    expect(await repo.remind(id, randomUUID(), '2026-12-08T10:00:00.000Z')).toBeUndefined();
  });

  it('loses no confirmation when a reminder and a confirmation are recorded at once', async () => {
    const { id } = campaign();
    const people = Array.from({ length: 8 }, () => asked());
    for (const request of people) await repo.ask(id, request);
    await Promise.all(
      people.flatMap((request) => [
        repo.remind(id, request.userId, '2026-12-08T09:00:00.000Z'),
        repo.confirm(id, request.userId, '2026-12-08T09:00:01.000Z'),
      ]),
    );
    for (const request of await repo.requests(id)) {
      expect(request.remindedAt).toBe('2026-12-08T09:00:00.000Z');
      expect(request.confirmedAt).toBe('2026-12-08T09:00:01.000Z');
    }
  });
}
