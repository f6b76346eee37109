import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../src/features/access/actor';
import type { Role } from '../../src/features/access/roles';
import { ApprovalService, MAX_ITEM_CHARS_FOR_NEW_ROUND } from '../../src/features/approvals/service';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { createTables } from '../../src/storage/tables';
import { StorageUnavailableError } from '../../src/errors';
import { failNextCall, holdNextCall } from '../support/fault-storage';
import { ManualClock, TENANT } from '../support/harness';

const person = (name: string, role: Role): Actor => ({
  userId: randomUUID(),
  name,
  tenantId: TENANT,
  locale: 'da',
  conversationType: 'channel',
  roles: new Set([role]),
});

const submission = (n: number) => ({
  title: `Samlet risikovurdering ${n}`,
  version: '1.0',
  link: '',
  summary: '',
  material: false,
});

describe('approval decisions from many members at once, on two instances (P7, P10)', () => {
  it('records every decision once with one audit record each, however often and wherever it is clicked', async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `d${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    const clock = new ManualClock(new Date('2027-02-01T09:00:00Z'));
    // Two bot instances: each its own repositories and audit log, one storage.
    const [first, second] = [0, 1].map(
      () =>
        new ApprovalService(
          new TableApprovalRepository(tables.client('Reviews')),
          new TableAuditLog(tables.client('Audit'), clock),
          clock,
          { annualRiskAssessment: 2 },
        ),
    ) as [ApprovalService, ApprovalService];
    const coordinator = person('Mette Kjær', 'coordinator');
    const items = await Promise.all(
      Array.from(
        { length: 8 },
        async (_, n) => (await first.submit(coordinator, 'annualRiskAssessment', submission(n))).item,
      ),
    );
    const members = Array.from({ length: 16 }, (_, n) => person(`Direktør ${n}`, 'management'));
    const itemOf = (n: number) => items[n % items.length]!;

    // Every member clicks "approve" twice at once (a double click), once on each instance.
    const answers = await Promise.all(
      members.flatMap((member, n) =>
        [first, second].map((instance) => instance.decide(member, itemOf(n).id, 1, 'approve', '')),
      ),
    );

    const results = members.map((_, n) => [answers[2 * n]!.result, answers[2 * n + 1]!.result].sort());
    for (const pair of results) {
      expect(pair).toContain('recorded');
      // The other click sees the decision already there, or the round closed by it.
      expect(pair.filter((result) => result === 'recorded')).toHaveLength(1);
    }
    for (const [n, item] of items.entries()) {
      const stored = await first.get(item.id);
      expect(stored.state).toBe('approved');
      expect(stored.rounds[0]?.decisions.map((decision) => decision.by).sort()).toEqual(
        [members[n]!.userId, members[n + items.length]!.userId].sort(),
      );
    }

    const audit = new TableAuditLog(tables.client('Audit'), clock);
    const records = await audit.read('approvals');
    const decided = records.filter((record) => record.action === 'approval.decided');
    expect(records.filter((record) => record.action === 'approval.submitted')).toHaveLength(items.length);
    expect(decided.map((record) => `${record.subject}|${record.actor}`).sort()).toEqual(
      members.map((member, n) => `${itemOf(n).id}|${member.userId}`).sort(),
    );
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect((await audit.verify()).breaks).toEqual([]);
  });
});

describe('an approval step whose audit record could not be written (P10: no decision without its record)', () => {
  const clock = new ManualClock(new Date('2027-02-01T09:00:00Z'));

  /** Fresh tables and `count` bot instances on them, each with its own table clients. */
  async function instances(count: number) {
    const prefix = `f${randomBytes(4).toString('hex')}`;
    const connectionString = process.env.TEST_AZURITE_CONNECTION_STRING as string;
    await createTables({ connectionString }, prefix).ensureAll();
    return Array.from({ length: count }, () => {
      const tables = createTables({ connectionString }, prefix);
      const audit = tables.client('Audit');
      const service = new ApprovalService(
        new TableApprovalRepository(tables.client('Reviews')),
        new TableAuditLog(audit, clock),
        clock,
        { annualRiskAssessment: 2 },
      );
      return { service, audit, log: new TableAuditLog(audit, clock) };
    });
  }

  const actions = async (log: TableAuditLog, action: string) =>
    (await log.read('approvals')).filter((record) => record.action === action);

  it.each([
    ['never reached storage', false, 'recorded'],
    // Storage cannot tell this retry from a click on a stale card: the card shows the decision.
    ['was stored but its answer was lost', true, 'outdated'],
  ])('records a decision once when the retry follows an append that %s', async (_, landed, answer) => {
    const [{ service, audit, log }] = (await instances(1)) as [Awaited<ReturnType<typeof instances>>[number]];
    const coordinator = person('Mette Kjær', 'coordinator');
    const member = person('Lars Holm', 'management');
    const { item } = await service.submit(coordinator, 'annualRiskAssessment', submission(1), randomUUID());

    failNextCall(audit, 'submitTransaction', { landed });
    await expect(service.decide(member, item.id, 1, 'requestChanges', 'Afsnit 4 mangler.')).rejects.toThrow(
      StorageUnavailableError,
    );
    // The retry from the same card: the round is closed by this very decision.
    const retry = await service.decide(member, item.id, 1, 'requestChanges', 'Afsnit 4 mangler.');
    expect(retry.result).toBe(answer);
    expect((await service.decide(member, item.id, 1, 'requestChanges', 'Igen.')).result).toBe('outdated');

    const decided = await actions(log, 'approval.decided');
    expect(decided.map((record) => [record.actor, record.details])).toEqual([
      [
        member.userId,
        {
          kind: 'annualRiskAssessment',
          round: 1,
          decision: 'requestChanges',
          comment: 'Afsnit 4 mangler.',
          state: 'changesRequested',
          submittedBy: coordinator.userId,
          submittedByName: 'Mette Kjær',
        },
      ],
    ]);
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('records a decision once when the retry on another instance races a slow first attempt', async () => {
    const [first, second] = (await instances(2)) as [
      Awaited<ReturnType<typeof instances>>[number],
      Awaited<ReturnType<typeof instances>>[number],
    ];
    const coordinator = person('Mette Kjær', 'coordinator');
    const member = person('Anne Berg', 'management');
    const { item } = await first.service.submit(coordinator, 'annualRiskAssessment', submission(2));

    const slow = holdNextCall(first.audit, 'submitTransaction');
    const firstAttempt = first.service.decide(member, item.id, 1, 'approve', '');
    await slow.reached;
    // The decision is stored and its record is on its way: the member clicks again, elsewhere, in the
    // same instant (the clock stands still), so both build the identical record.
    const retry = await second.service.decide(member, item.id, 1, 'approve', '');
    slow.release();
    // Whichever append wrote the record answers "recorded"; the other one that it was there already.
    expect([retry.result, (await firstAttempt).result].sort()).toEqual(['alreadyDecided', 'recorded']);

    expect((await actions(first.log, 'approval.decided')).map((record) => record.actor)).toEqual([member.userId]);
    expect((await first.service.get(item.id)).rounds[0]?.decisions).toHaveLength(1);
    expect((await first.log.verify()).breaks).toEqual([]);
  });

  it('puts a draft before the group once, however often it is submitted, and completes its record on the retry', async () => {
    const [{ service, audit, log }] = (await instances(1)) as [Awaited<ReturnType<typeof instances>>[number]];
    const coordinator = person('Mette Kjær', 'coordinator');
    const draftId = randomUUID();

    failNextCall(audit, 'submitTransaction');
    await expect(service.submit(coordinator, 'annualRiskAssessment', submission(3), draftId)).rejects.toThrow(
      StorageUnavailableError,
    );
    const retry = await service.submit(coordinator, 'annualRiskAssessment', submission(3), draftId);
    const again = await service.submit(coordinator, 'annualRiskAssessment', submission(3), draftId.toUpperCase());
    expect([retry.result, again.result]).toEqual(['recorded', 'repeated']);
    expect(again.item).toEqual(retry.item);
    // The same draft id from another coordinator is their own draft, never this item.
    const other = person('Jonas Berg', 'coordinator');
    const theirs = await service.submit(other, 'annualRiskAssessment', submission(4), draftId);
    expect(theirs.item.id).not.toBe(retry.item.id);
    expect(theirs.item.rounds[0]?.submittedBy).toBe(other.userId);

    expect((await service.list()).map((item) => item.id).sort()).toEqual([retry.item.id, theirs.item.id].sort());
    expect((await actions(log, 'approval.submitted')).map((record) => record.subject).sort()).toEqual(
      [retry.item.id, theirs.item.id].sort(),
    );
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('records a resubmission once when the retry comes from the card of the round before', async () => {
    const [{ service, audit, log }] = (await instances(1)) as [Awaited<ReturnType<typeof instances>>[number]];
    const coordinator = person('Mette Kjær', 'coordinator');
    const member = person('Lars Holm', 'management');
    const { item } = await service.submit(coordinator, 'annualRiskAssessment', submission(5));
    await service.decide(member, item.id, 1, 'requestChanges', 'Afsnit 4 mangler.');

    failNextCall(audit, 'submitTransaction');
    const revised = { ...submission(5), version: '1.1' };
    await expect(service.resubmit(coordinator, item.id, 1, revised)).rejects.toThrow(StorageUnavailableError);
    const retry = await service.resubmit(coordinator, item.id, 1, revised);
    expect(retry.result).toBe('recorded');
    expect(retry.item.rounds.map((round) => round.version)).toEqual(['1.0', '1.1']);
    // Another coordinator's old card stays outdated: the stored round is not theirs.
    const other = await service.resubmit(person('Jonas Berg', 'coordinator'), item.id, 1, revised);
    expect(other.result).toBe('outdated');
    expect((await service.resubmit(coordinator, item.id, 1, revised)).result).toBe('outdated');

    expect((await actions(log, 'approval.resubmitted')).map((record) => record.details)).toEqual([
      { kind: 'annualRiskAssessment', round: 2, title: 'Samlet risikovurdering 5', version: '1.1' },
    ]);
    expect((await log.verify()).breaks).toEqual([]);
  });
});

describe('an approval that has grown as big as storage allows (P7, P9)', () => {
  it('takes no new round past its size, says so, and keeps every round and decision it has', async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `f${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    const clock = new ManualClock(new Date('2027-02-01T09:00:00Z'));
    const service = new ApprovalService(
      new TableApprovalRepository(tables.client('Reviews')),
      new TableAuditLog(tables.client('Audit'), clock),
      clock,
      { annualRiskAssessment: 10 },
    );
    const coordinator = person('Mette Kjær', 'coordinator');
    const members = Array.from({ length: 10 }, (_, n) => person(`Direktør ${n}`, 'management'));
    const long = (n: number) => `"Afsnit ${n}" ${'æ'.repeat(1900)}`;
    let { item } = await service.submit(coordinator, 'annualRiskAssessment', { ...submission(0), summary: long(0) });
    let round = 1;
    for (;;) {
      // Nine of a large group approve with long comments, the tenth asks for changes; the coordinator resubmits.
      for (const [n, member] of members.entries())
        await service.decide(member, item.id, round, n < 9 ? 'approve' : 'requestChanges', long(round));
      const next = await service.resubmit(coordinator, item.id, round, { ...submission(round), summary: long(round) });
      if (next.result === 'full') break;
      expect(next.result).toBe('recorded');
      ({ item } = next);
      round++;
    }
    const stored = await service.get(item.id);
    expect(JSON.stringify(stored).length).toBeGreaterThan(MAX_ITEM_CHARS_FOR_NEW_ROUND);
    expect(stored.rounds).toHaveLength(round);
    expect(stored.rounds.flatMap((r) => r.decisions)).toHaveLength(round * members.length);
    // Well below what one entity holds (1 MiB, two bytes a character).
    expect(JSON.stringify(stored).length * 2).toBeLessThan(1024 * 1024);
  }, 60_000);
});
