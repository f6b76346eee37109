import { noticeKey, toUndelivered } from '../../src/features/incidents/undelivered';
import { reviewCard } from '../../src/features/reviews/cards';
import { cardTexts } from '../support/cards';

describe('notices the bot could not deliver, as the quarterly review lists them (#15)', () => {
  const at = '2026-12-07T09:00:00.000Z';

  it('reads a person notice by what and incident, and a scheduled one by its kind, never the conversation', () => {
    expect(toUndelivered({ key: noticeKey('reporter', 'HÆN-2026-0003', at), outcome: 'gone', at })).toEqual({
      at,
      what: 'reporter',
      ref: 'HÆN-2026-0003',
      reason: 'gone',
    });
    expect(
      toUndelivered({ key: noticeKey('measureOwner', 'HÆN-2026-0004', 'a1b2c3d4'), outcome: 'noChat', at }),
    ).toEqual({ at, what: 'measureOwner', ref: 'HÆN-2026-0004', reason: 'noChat' });
    const scheduled = toUndelivered({
      key: 'incidents.deadline-sweep:2026-12-07T09:00:00.000Z|19:abc@thread.tacv2',
      outcome: 'gone',
      at,
    });
    expect(scheduled).toEqual({ at, what: 'scheduled', ref: 'incidents.deadline-sweep', reason: 'gone' });
  });

  it('names each on the review card in Danish', () => {
    const card = reviewCard(
      'da',
      { id: '2026-Q4', dueAt: '2026-10-01T07:00:00.000Z' },
      {
        openTotal: 0,
        openBySeverity: { low: 0, medium: 0, high: 0, critical: 0, unrated: 0 },
        overdueMeasures: 0,
        breachesWithoutDecision: 0,
        pendingApprovals: 0,
        undelivered: {
          from: '2026-06-30T22:00:00.000Z',
          notices: [
            { at, what: 'scheduled', ref: 'incidents.deadline-sweep', reason: 'gone' },
            { at, what: 'scheduled', ref: 'something.new', reason: 'failed' },
          ],
        },
      },
      { canRecord: false, userIds: [], now: new Date(at) },
    );
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Beskeder, botten ikke har kunnet levere siden 01.07.2026',
        '07.12.2026 kl. 10:00 · Planlagt besked (påmindelse om frist): chatten eller kanalen findes ikke længere',
        '07.12.2026 kl. 10:00 · Planlagt besked (anden besked): Teams svarede ikke',
      ]),
    );
  });
});
