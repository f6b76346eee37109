import { approvalCard } from '../../src/features/approvals/cards';
import type { ApprovalItem, Decision, Round } from '../../src/features/approvals/model';
import { cardTexts } from '../support/cards';

const long = (n: number) => 'Æ'.repeat(n);

/** An item with many rounds, each with several long decisions: the worst a busy year could produce. */
function busyItem(rounds: number): ApprovalItem {
  const made: Round[] = Array.from({ length: rounds }, (_, i) => ({
    round: i + 1,
    title: long(200),
    version: `1.${i}`,
    link: 'https://intranet.kommune.dk/politik.pdf',
    summary: long(2000),
    material: true,
    submittedBy: 'coordinator',
    submittedByName: 'Mette Kjær',
    submittedAt: '2027-03-01T08:00:00.000Z',
    required: 3,
    decisions: Array.from({ length: 8 }, (_, j): Decision => ({
      by: `member-${j}`,
      byName: `Medlem ${j}`,
      at: '2027-03-02T08:00:00.000Z',
      decision: j === 7 ? 'requestChanges' : 'approve',
      comment: long(1000),
    })),
    outcome: 'changesRequested',
  }));
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    kind: 'policyRevision',
    state: 'changesRequested',
    createdAt: '2027-03-01T08:00:00.000Z',
    rounds: made,
  };
}

describe('the approval card stays within the card budget (28 KB)', () => {
  it.each([1, 3, 12])('with %i long rounds', (rounds) => {
    const card = approvalCard('da', busyItem(rounds), { canDecide: true, canResubmit: true, userIds: [] });
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
    const shownRounds = cardTexts(card).filter((text) => /^Runde \d+ – version/.test(text));
    expect(shownRounds[0]).toBe(`Runde ${rounds} – version 1.${rounds - 1}`);
    const omitted = rounds - shownRounds.length;
    if (omitted > 0)
      expect(cardTexts(card)).toContain(
        `${omitted} tidligere ${omitted === 1 ? 'runde' : 'runder'} vises ikke her; hele historikken står i revisionsloggen.`,
      );
  });
});
