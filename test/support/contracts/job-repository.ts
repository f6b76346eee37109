import { randomUUID } from 'node:crypto';
import type { Job, JobRepository } from '../../../src/platform/scheduler/jobs';

const job = (dueAt: string, id = `test:${randomUUID()}`, payload: Record<string, unknown> = {}): Job => ({
  id,
  kind: 'test',
  dueAt,
  payload,
});
const at = (iso: string): Date => new Date(iso);

/**
 * What every {@link JobRepository} must do: jobs scheduled once per id and due time, listed when due
 * oldest first, claimed by one instance with an eTag-conditional lease, completed once, and each
 * delivery begun, found done or found unconfirmed. `fresh` gives an empty store for each test.
 */
export function jobRepositoryContract(fresh: () => Promise<JobRepository>): void {
  let repo: JobRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('schedules a job once per id and due time: a second schedule keeps the first', async () => {
    const first = job('2027-01-04T08:00:00.000Z', 'review:2027-Q1', { quarter: 1 });
    await repo.schedule(first);
    await repo.schedule({ ...first, payload: { quarter: 'changed' } });
    const due = await repo.due(at('2027-01-04T08:00:00.000Z'), 10);
    expect(due.map(({ etag: _etag, leaseUntil: _lease, ...rest }) => rest)).toEqual([first]);
    expect(due[0]?.etag).toBeTruthy();
    expect(due[0]?.leaseUntil).toBeUndefined();
  });

  it('lists what is due at or before now, oldest first, at most `limit`', async () => {
    const jobs = [
      job('2027-01-04T08:00:02.000Z'),
      job('2027-01-04T08:00:00.000Z'),
      job('2027-01-04T08:00:01.000Z'),
      job('2027-01-04T08:00:03.000Z'),
    ];
    for (const each of jobs) await repo.schedule(each);
    const ids = async (now: string, limit: number) => (await repo.due(at(now), limit)).map((found) => found.id);
    expect(await ids('2027-01-04T07:59:59.999Z', 10)).toEqual([]);
    expect(await ids('2027-01-04T08:00:02.000Z', 10)).toEqual([jobs[1]?.id, jobs[2]?.id, jobs[0]?.id]);
    expect(await ids('2027-01-05T00:00:00.000Z', 2)).toEqual([jobs[1]?.id, jobs[2]?.id]);
  });

  it('lets one claim win: a claim with the eTag another claim moved gets nothing', async () => {
    await repo.schedule(job('2027-01-04T08:00:00.000Z'));
    const [due] = await repo.due(at('2027-01-04T09:00:00.000Z'), 1);
    const claimed = await repo.claim(due!, 'instance-a', at('2027-01-04T09:00:30.000Z'));
    expect(claimed).toMatchObject({ id: due!.id, kind: 'test', leaseUntil: '2027-01-04T09:00:30.000Z' });
    expect(claimed?.claim).toBeTruthy();
    expect(await repo.claim(due!, 'instance-b', at('2027-01-04T09:00:30.000Z'))).toBeUndefined();
    const [seen] = await repo.due(at('2027-01-04T09:00:00.000Z'), 1);
    expect(seen?.leaseUntil).toBe('2027-01-04T09:00:30.000Z');
    expect(seen?.etag).not.toBe(due!.etag);
  });

  it('three instances claiming at once: exactly one holds the job', async () => {
    await repo.schedule(job('2027-01-04T08:00:00.000Z'));
    const [due] = await repo.due(at('2027-01-04T09:00:00.000Z'), 1);
    const claims = await Promise.all(
      ['a', 'b', 'c'].map((owner) => repo.claim(due!, owner, at('2027-01-04T09:00:30.000Z'))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('renews and releases only with the current claim; after release another instance can claim', async () => {
    await repo.schedule(job('2027-01-04T08:00:00.000Z'));
    const [due] = await repo.due(at('2027-01-04T09:00:00.000Z'), 1);
    const claimed = (await repo.claim(due!, 'a', at('2027-01-04T09:00:30.000Z')))!;
    const renewed = await repo.renew(claimed, at('2027-01-04T09:01:00.000Z'));
    expect(renewed).toMatchObject({ id: claimed.id, leaseUntil: '2027-01-04T09:01:00.000Z' });
    expect(renewed?.claim).not.toBe(claimed.claim);
    expect(await repo.renew(claimed, at('2027-01-04T09:02:00.000Z'))).toBeUndefined();
    await repo.release(claimed, at('2027-01-04T09:00:10.000Z'));
    const [stillHeld] = await repo.due(at('2027-01-04T09:00:10.000Z'), 1);
    expect(stillHeld?.leaseUntil).toBe('2027-01-04T09:01:00.000Z');
    await repo.release(renewed!, at('2027-01-04T09:00:10.000Z'));
    const [released] = await repo.due(at('2027-01-04T09:00:10.000Z'), 1);
    expect(released?.leaseUntil).toBe('2027-01-04T09:00:10.000Z');
    expect(await repo.claim(released!, 'b', at('2027-01-04T09:00:40.000Z'))).toBeDefined();
  });

  it('completes a job once: it is done, no longer due, and a second completion is harmless', async () => {
    await repo.schedule(job('2027-01-04T08:00:00.000Z', 'breach-sweep:2027-01-04T08:00'));
    const [due] = await repo.due(at('2027-01-04T09:00:00.000Z'), 1);
    const claimed = (await repo.claim(due!, 'a', at('2027-01-04T09:00:30.000Z')))!;
    expect(await repo.isDone(claimed.id)).toBe(false);
    await repo.complete(claimed, 'sent 3', at('2027-01-04T09:00:05.000Z'));
    await repo.complete(claimed, 'sent 3', at('2027-01-04T09:00:06.000Z'));
    expect(await repo.isDone(claimed.id)).toBe(true);
    expect(await repo.due(at('2027-01-05T00:00:00.000Z'), 10)).toEqual([]);
    expect(await repo.claim(due!, 'b', at('2027-01-04T09:01:00.000Z'))).toBeUndefined();
    expect(await repo.isDone('never-scheduled')).toBe(false);
  });

  it('begins a delivery once: again without an outcome it is unconfirmed, with one it is done', async () => {
    const key = `job-1|a:${randomUUID()}`;
    const now = at('2027-01-04T09:00:00.000Z');
    expect(await repo.beginDelivery(key, 'a', now)).toBe('new');
    expect(await repo.beginDelivery(key, 'b', now)).toBe('unconfirmed');
    await repo.markDelivered(key, now, 'sent');
    expect(await repo.beginDelivery(key, 'c', now)).toBe('done');
    expect(await repo.beginDelivery(`${key}|other`, 'c', now)).toBe('new');
  });

  it("leaves a delivery another owner began moments ago alone ('busy'), and takes it over once that is long past", async () => {
    const key = `job-3|a:${randomUUID()}`;
    const start = at('2027-01-04T09:00:00.000Z');
    const later = (ms: number) => new Date(start.getTime() + ms);
    expect(await repo.beginDelivery(key, 'a', start, 60_000)).toBe('new');
    expect(await repo.beginDelivery(key, 'b', later(30_000), 60_000)).toBe('busy');
    // The owner itself, after a restart under the same name, takes its own intent over.
    expect(await repo.beginDelivery(key, 'a', later(30_000), 60_000)).toBe('unconfirmed');
    // The busy answer changed nothing: the intent is still 'a's of 30 s in, so 'b' must wait a minute from then.
    expect(await repo.beginDelivery(key, 'b', later(80_000), 60_000)).toBe('busy');
    expect(await repo.beginDelivery(key, 'b', later(91_000), 60_000)).toBe('unconfirmed');
    await repo.markDelivered(key, later(92_000), 'sent');
    expect(await repo.beginDelivery(key, 'c', later(92_000), 60_000)).toBe('done');
  });

  it('lists what was not delivered since a time, oldest first, leaving out what was sent or skipped', async () => {
    const tag = randomUUID();
    const outcomes: [string, string][] = [
      ['gone', '2031-03-02T08:00:00.000Z'],
      ['sent', '2031-03-02T09:00:00.000Z'],
      ['failed', '2031-03-01T08:00:00.000Z'],
      ['skipped', '2031-03-03T08:00:00.000Z'],
      ['gone', '2031-02-27T08:00:00.000Z'], // before the time asked about
    ];
    for (const [i, [outcome, when]] of outcomes.entries()) {
      const key = `undelivered-${tag}-${i}`;
      await repo.beginDelivery(key, 'a', at(when));
      await repo.markDelivered(key, at(when), outcome);
    }
    const found = (await repo.undeliveredSince(at('2031-02-28T00:00:00.000Z'), 10)).filter((r) => r.key.includes(tag));
    expect(found.map((r) => [r.key.slice(-1), r.outcome])).toEqual([
      ['2', 'failed'],
      ['0', 'gone'],
    ]);
  });

  it('finds the oldest failures whatever order their keys sort in', async () => {
    // Keys sort newest first here; the time is what counts (later than any other test's rows).
    const tag = randomUUID();
    for (let i = 0; i < 6; i++) {
      const when = at(`2040-01-0${9 - i}T08:00:00.000Z`);
      await repo.beginDelivery(`${tag}-${i}`, 'a', when);
      await repo.markDelivered(`${tag}-${i}`, when, 'gone');
    }
    const found = await repo.undeliveredSince(at('2040-01-01T00:00:00.000Z'), 1);
    expect(found.map((r) => [r.key, r.at])).toEqual([[`${tag}-5`, '2040-01-04T08:00:00.000Z']]);
  });

  it('forgets an abandoned delivery (the send failed): the next attempt is new', async () => {
    const key = `job-2|a:${randomUUID()}`;
    const now = at('2027-01-04T09:00:00.000Z');
    expect(await repo.beginDelivery(key, 'a', now)).toBe('new');
    await repo.abandonDelivery(key);
    await repo.abandonDelivery(key);
    expect(await repo.beginDelivery(key, 'a', now)).toBe('new');
  });
}
