import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../../src/features/audit/audit-log';
import { GENESIS, hashRecord, type AuditEvent, type KeyedEvent } from '../../../src/features/audit/chain';

const event = (action: string): AuditEvent => ({
  actor: randomUUID(),
  actorName: 'Mette Kjær',
  action,
  subject: 'coordinator',
  details: { note: 'æøå "citeret"', n: 1 },
});
const keyed = (action: string, key: string): KeyedEvent => ({ ...event(action), key });

/**
 * What every {@link AuditLog} must do (P10 integrity): each chain numbered 1…n without gaps, each
 * record carrying the hash of the one before, at most one record per event key, concurrent
 * appends never forking a chain, and `verify` finding every chain intact. `fresh` gives an empty
 * log for each test.
 */
export function auditLogContract(fresh: () => Promise<AuditLog>): void {
  let log: AuditLog;
  beforeEach(async () => {
    log = await fresh();
  });

  it('chains records in order, each with the hash of the one before, and reads them back as copies', async () => {
    const first = await log.append('access', event('role.granted'));
    const second = await log.append('access', event('role.revoked'));
    expect(first).toMatchObject({ chain: 'access', seq: 1, prevHash: GENESIS, action: 'role.granted' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, action: 'role.revoked' });
    const { hash: _hash, ...content } = second;
    expect(second.hash).toBe(hashRecord(content));
    const read = await log.read('access');
    expect(read).toEqual([first, second]);
    read[0]!.action = 'edited by the caller';
    expect((await log.read('access'))[0]?.action).toBe('role.granted');
    expect(await log.read('reviews')).toEqual([]);
  });

  it('keeps one chain per concern: each numbered from 1', async () => {
    await log.append('access', event('role.granted'));
    await log.append('access', event('role.granted'));
    const approval = await log.append('approvals', event('approval.decided'));
    expect(approval).toMatchObject({ chain: 'approvals', seq: 1, prevHash: GENESIS });
    expect(await log.verify()).toEqual({
      chains: [
        { chain: 'access', records: 2 },
        { chain: 'approvals', records: 1 },
      ],
      breaks: [],
    });
  });

  it('records a keyed event once, whichever call repeats it, and answers the stored record', async () => {
    const key = `approval.decided/${randomUUID()}/1/u1`;
    const made = await log.appendOnce('approvals', keyed('approval.decided', key));
    expect(made.appended).toBe(true);
    const again = await log.appendOnce('approvals', keyed('approval.decided', key));
    expect(again).toEqual({ record: made.record, appended: false });
    expect(await log.ensure('approvals', keyed('approval.decided', key))).toEqual({
      record: made.record,
      appended: false,
    });
    expect(await log.append('approvals', keyed('approval.decided', key))).toEqual(made.record);
    const other = await log.ensure('approvals', keyed('approval.decided', `${key}/other`));
    expect(other).toMatchObject({ appended: true, record: { seq: 2, prevHash: made.record.hash } });
    expect(await log.read('approvals')).toHaveLength(2);
    // A key is per chain: the same key in another chain is another event.
    expect((await log.appendOnce('decisions', keyed('breach.decided', key))).appended).toBe(true);
  });

  it('never forks a chain under concurrent appends: 1…n without gaps, and verify finds it intact', async () => {
    const records = await Promise.all(Array.from({ length: 12 }, (_, i) => log.append('reviews', event(`e${i}`))));
    expect(records.map((record) => record.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const read = await log.read('reviews');
    read.forEach((record, i) => expect(record.prevHash).toBe(i === 0 ? GENESIS : read[i - 1]?.hash));
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('appends a keyed event once when it is appended several times at once', async () => {
    const key = `review.done/${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => log.appendOnce('reviews', keyed('review.done', key))),
    );
    expect(results.filter((result) => result.appended)).toHaveLength(1);
    expect(new Set(results.map((result) => result.record.hash)).size).toBe(1);
    expect(await log.read('reviews')).toHaveLength(1);
  });
}
