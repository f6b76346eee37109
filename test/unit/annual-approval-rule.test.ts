import { annualApprovalHandler } from '../../src/features/approvals/annual-job';
import { annualAssessmentApprovedFor } from '../../src/features/approvals/annual-rule';
import type { ApprovalItem, Round } from '../../src/features/approvals/model';
import { ApprovalService } from '../../src/features/approvals/service';
import type { Notifier } from '../../src/platform/notifier';
import type { Logger } from '../../src/logger';
import { MemoryAuditLog } from '../support/memory/audit-log';
import { MemoryConversationRepository } from '../support/memory/conversation-repository';
import { MemoryApprovalRepository } from '../support/memory/small-repositories';

const round = (n: number, closedAt: string | undefined, outcome?: Round['outcome']): Round => ({
  round: n,
  title: 'Samlet risikovurdering',
  version: `${n}.0`,
  link: 'https://intranet.kommune.dk/risiko.pdf',
  summary: '',
  material: false,
  submittedBy: 'coordinator',
  submittedByName: 'Mette Kjær',
  submittedAt: '2026-11-01T09:00:00Z',
  required: 1,
  decisions: [],
  ...(outcome ? { outcome } : {}),
  ...(closedAt ? { closedAt } : {}),
});

const assessment = (id: string, ...rounds: Round[]): ApprovalItem => ({
  id,
  kind: 'annualRiskAssessment',
  state: rounds.at(-1)?.outcome ?? 'pending',
  createdAt: '2026-11-01T09:00:00Z',
  rounds,
});

describe('which approval counts for the annual prompt (P7)', () => {
  it.each([
    ['approved in the year itself', [assessment('a', round(1, '2027-03-10T10:00:00Z', 'approved'))], true],
    [
      'approved in December the year before, the latest approval',
      [assessment('a', round(1, '2026-12-15T10:00:00Z', 'approved'))],
      true,
    ],
    // 31 Dec 23:30 UTC is already 1 January in Denmark: approved in the year itself.
    [
      'approved on New Year’s Eve late (Danish time)',
      [assessment('a', round(1, '2026-12-31T23:30:00Z', 'approved'))],
      true,
    ],
    ['approved in November the year before', [assessment('a', round(1, '2026-11-30T10:00:00Z', 'approved'))], false],
    ['approved in December two years before', [assessment('a', round(1, '2025-12-15T10:00:00Z', 'approved'))], false],
    [
      'sent back for changes in December',
      [assessment('a', round(1, '2026-12-15T10:00:00Z', 'changesRequested'))],
      false,
    ],
    [
      'a handbook approved in December',
      [{ ...assessment('a', round(1, '2026-12-15T10:00:00Z', 'approved')), kind: 'handbookRevision' as const }],
      false,
    ],
  ])('%s', (_, items, counts) => {
    expect(annualAssessmentApprovedFor(items as ApprovalItem[], 2027)).toBe(counts);
  });

  it('a December approval still counts while a newer version of it awaits approval', () => {
    const resubmitted = assessment('a', round(1, '2026-12-15T10:00:00Z', 'approved'), round(2, undefined));
    expect(resubmitted.state).toBe('pending');
    expect(annualAssessmentApprovedFor([resubmitted], 2027)).toBe(true);
  });

  it('the prompt for the next year is not posted after a December approval', async () => {
    const sent: string[] = [];
    // The management channel is registered, so a prompt would have somewhere to go.
    const conversations = new MemoryConversationRepository();
    const management = '19:ledergruppen@thread.tacv2';
    await conversations.remember({
      conversationId: management,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      tenantId: 't',
      conversationType: 'channel',
    });
    await conversations.assignPurpose('management', management, 't', 'u');
    const stored = new MemoryApprovalRepository();
    await stored.create(assessment('a', round(1, '2026-12-15T10:00:00Z', 'approved')));
    const clock = { now: () => new Date('2027-03-01T08:00:00Z') };
    const approvals = new ApprovalService(stored, new MemoryAuditLog(clock), clock, {});
    const handler = annualApprovalHandler({
      approvals,
      conversations,
      notifier: {
        send: async (conversation: { conversationId: string }) => {
          sent.push(conversation.conversationId);
          return 'sent';
        },
      } as unknown as Notifier,
      logger: { warn: () => undefined } as unknown as Logger,
      schedule: { month: 3 },
    });
    const now = new Date('2027-03-01T08:00:00Z');
    const result = await handler(
      {
        id: 'approvals.annual:x',
        kind: 'approvals.annual',
        dueAt: now.toISOString(),
        payload: { year: 2027, week: 0 },
        leaseUntil: '',
        claim: '',
      },
      { now, late: false, deliverOnce: async (_key, send) => void (await send()) },
    );
    expect(sent).toEqual([]);
    expect(result.outcome).toBe('2027 approved; no prompt');
  });
});
