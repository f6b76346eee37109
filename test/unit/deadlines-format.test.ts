import { DateTime } from 'luxon';
import { formatDate, formatLocal, toLocalInputs, ZONE } from '../../src/features/incidents/deadlines';

/** How the dates were formatted before, with luxon: the reference the faster formatting must equal. */
const reference = {
  local: (at: Date, locale: 'da' | 'en') => {
    const dt = DateTime.fromJSDate(at, { zone: ZONE });
    return locale === 'da' ? dt.toFormat("dd.MM.yyyy 'kl.' HH:mm") : dt.setLocale('en-GB').toFormat('d LLL yyyy HH:mm');
  },
  date: (at: Date, locale: 'da' | 'en') => {
    const dt = DateTime.fromJSDate(at, { zone: ZONE });
    return locale === 'da' ? dt.toFormat('dd.MM.yyyy') : dt.setLocale('en-GB').toFormat('d LLL yyyy');
  },
  inputs: (at: Date) => {
    const dt = DateTime.fromJSDate(at, { zone: ZONE });
    return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') };
  },
};

describe('dates on cards, in Danish time', () => {
  // Every 7 hours 13 minutes for four years (all months, all hours), plus the minutes around each
  // change between summer and winter time, midnight and New Year.
  const instants = [
    ...Array.from(
      { length: 4 * 365 * 3 },
      (_, i) => new Date(Date.UTC(2025, 0, 1) + i * (7 * 3_600_000 + 13 * 60_000)),
    ),
    ...['2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z', '2026-03-29T01:01:00Z', '2026-10-25T00:59:00Z'],
    ...['2026-10-25T01:00:00Z', '2026-10-25T01:30:00Z', '2026-12-31T22:59:00Z', '2026-12-31T23:00:00Z'],
  ].map((at) => new Date(at));

  it('match what luxon gave, in Danish and English, for every instant', () => {
    const differ = instants.filter(
      (at) =>
        formatLocal(at, 'da') !== reference.local(at, 'da') ||
        formatLocal(at, 'en') !== reference.local(at, 'en') ||
        formatDate(at, 'da') !== reference.date(at, 'da') ||
        formatDate(at, 'en') !== reference.date(at, 'en') ||
        JSON.stringify(toLocalInputs(at)) !== JSON.stringify(reference.inputs(at)),
    );
    expect(differ.map((at) => at.toISOString())).toEqual([]);
  });

  it.each([
    ['2026-03-29T00:30:00Z', '29.03.2026 kl. 01:30', '29 Mar 2026 01:30'], // winter time, UTC+1
    ['2026-03-29T01:30:00Z', '29.03.2026 kl. 03:30', '29 Mar 2026 03:30'], // summer time from 02:00, UTC+2
    ['2026-09-01T22:15:00Z', '02.09.2026 kl. 00:15', '2 Sept 2026 00:15'], // after midnight in Denmark
    ['2026-12-31T23:30:00Z', '01.01.2027 kl. 00:30', '1 Jan 2027 00:30'], // already the new year
  ])('%s is %s / %s', (at, danish, english) => {
    expect(formatLocal(at, 'da')).toBe(danish);
    expect(formatLocal(at, 'en')).toBe(english);
  });
});
