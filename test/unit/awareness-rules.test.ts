import {
  confirmationShares,
  dueForReminder,
  groupOf,
  type ReadCampaign,
  type ReadRequest,
} from '../../src/features/awareness/model';

const campaign: ReadCampaign = {
  id: 'a-r1',
  kind: 'policyRevision',
  title: 'Informationssikkerhedspolitik',
  version: '1.2',
  link: 'https://intranet.egedal-demo.dk/politik',
  startedAt: '2026-12-01T09:00:00.000Z',
  startedBy: 'u',
  startedByName: 'Mette Kjær',
  reminderDays: 7,
};
const request = (overrides: Partial<ReadRequest>): ReadRequest => ({
  userId: Math.random().toString(36),
  group: 'employee',
  askedAt: '2026-12-01T09:00:00.000Z',
  ...overrides,
});

describe('read and understood (P12)', () => {
  it('counts the share who confirmed, in all and by group, rounded down', () => {
    const requests = [
      request({ confirmedAt: '2026-12-02T09:00:00.000Z' }),
      request({ confirmedAt: '2026-12-02T09:00:00.000Z' }),
      request({}),
      request({ group: 'guest', confirmedAt: '2026-12-03T09:00:00.000Z' }),
      request({ group: 'guest' }),
      request({ group: 'guest' }),
    ];
    expect(confirmationShares(requests)).toEqual({
      all: { asked: 6, confirmed: 3, percent: 50 },
      employee: { asked: 3, confirmed: 2, percent: 66 },
      guest: { asked: 3, confirmed: 1, percent: 33 },
    });
    expect(confirmationShares([])).toEqual({
      all: { asked: 0, confirmed: 0, percent: 0 },
      employee: { asked: 0, confirmed: 0, percent: 0 },
      guest: { asked: 0, confirmed: 0, percent: 0 },
    });
    const almost = [...Array.from({ length: 199 }, () => request({ confirmedAt: 'x' })), request({})];
    expect(confirmationShares(almost).all.percent).toBe(99);
  });

  it('reminds once, after the set number of days, only those who have not confirmed', () => {
    const waiting = request({});
    const confirmed = request({ confirmedAt: '2026-12-05T09:00:00.000Z' });
    const reminded = request({ remindedAt: '2026-12-08T09:00:00.000Z' });
    const askedLater = request({ askedAt: '2026-12-04T09:00:00.000Z' });
    const all = [waiting, confirmed, reminded, askedLater];
    expect(dueForReminder(campaign, all, new Date('2026-12-08T08:59:59.000Z'))).toEqual([]);
    expect(dueForReminder(campaign, all, new Date('2026-12-08T09:00:00.000Z'))).toEqual([waiting]);
    expect(dueForReminder(campaign, all, new Date('2026-12-11T09:00:00.000Z'))).toEqual([waiting, askedLater]);
  });

  it.each([
    ['sofie.jensen@egedal.dk', 'employee'],
    ['konsulent_firma.dk#EXT#@egedal.onmicrosoft.com', 'guest'],
    ['konsulent_firma.dk#ext#@egedal.onmicrosoft.com', 'guest'],
    [undefined, 'employee'],
  ])('counts %s as %s', (upn, group) => {
    expect(groupOf(upn)).toBe(group);
  });
});
