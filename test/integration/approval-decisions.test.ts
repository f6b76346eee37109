import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../src/bot/actor';
import type { Role } from '../../src/features/access/roles';
import { ApprovalService } from '../../src/features/approvals/service';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { createTables } from '../../src/storage/tables';
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
      Array.from({ length: 8 }, (_, n) => first.submit(coordinator, 'annualRiskAssessment', submission(n))),
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
