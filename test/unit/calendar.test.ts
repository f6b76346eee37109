import {
  quarterlyReviewDueIn,
  danishPublicHolidays,
  easterSunday,
  firstWorkingDayOfMonth,
  isWorkingDay,
  nextAnnualApprovalAt,
  nextQuarterlyReviewAt,
} from '../../src/features/reviews/calendar';

describe('Easter Sunday (anonymous Gregorian algorithm)', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // latest possible
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it.each([1582, 2026.5, Number.NaN])('rejects year %p', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe('Danish public holidays (P6, P7)', () => {
  it.each([
    [
      2023, // the last year with store bededag (5 May)
      [
        '2023-01-01',
        '2023-04-06',
        '2023-04-07',
        '2023-04-09',
        '2023-04-10',
        '2023-05-05',
        '2023-05-18',
        '2023-05-28',
        '2023-05-29',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-03-28',
        '2024-03-29',
        '2024-03-31',
        '2024-04-01',
        '2024-05-09',
        '2024-05-19',
        '2024-05-20',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-04-02',
        '2026-04-03',
        '2026-04-05',
        '2026-04-06',
        '2026-05-14',
        '2026-05-24',
        '2026-05-25',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
  ])('%i', (year, dates) => {
    expect(danishPublicHolidays(year)).toEqual(dates);
  });

  it('adds grundlovsdag, juleaften and nytårsaften only when asked', () => {
    const customary = ['2026-06-05', '2026-12-24', '2026-12-31'];
    expect(danishPublicHolidays(2026)).not.toEqual(expect.arrayContaining(customary.slice(0, 1)));
    const withCustomary = danishPublicHolidays(2026, { includeCustomaryDaysOff: true });
    expect(withCustomary).toEqual(expect.arrayContaining(customary));
    expect(withCustomary).toHaveLength(13);
    expect(withCustomary).toEqual([...withCustomary].sort());
  });
});

describe('working days in Danish time', () => {
  it.each([
    ['2026-04-01T10:00:00Z', true, 'a Wednesday'],
    ['2026-04-02T10:00:00Z', false, 'skærtorsdag'],
    ['2026-05-14T10:00:00Z', false, 'Kristi himmelfartsdag 2026'],
    ['2026-04-04T10:00:00Z', false, 'a Saturday'],
    ['2026-04-05T10:00:00Z', false, 'a Sunday (påskedag)'],
    ['2023-05-05T10:00:00Z', false, 'store bededag 2023'],
    ['2024-04-26T10:00:00Z', true, 'the Friday that was store bededag until 2023'],
    ['2026-06-05T10:00:00Z', true, 'grundlovsdag, by default'],
    ['2026-12-24T10:00:00Z', true, 'juleaftensdag, by default'],
    // 22:30 UTC on Friday 1 May 2026 is already Saturday in Copenhagen.
    ['2026-05-01T22:30:00Z', false, 'late Friday UTC is Saturday in Denmark'],
  ])('%s → %p (%s)', (at, working) => {
    expect(isWorkingDay(new Date(at))).toBe(working);
  });

  it.each(['2026-06-05T10:00:00Z', '2026-12-24T10:00:00Z', '2025-12-31T10:00:00Z'])(
    '%s is a day off with the customary days off',
    (at) => {
      expect(isWorkingDay(new Date(at), { includeCustomaryDaysOff: true })).toBe(false);
    },
  );

  it.each([
    [2026, 1, '2026-01-02', 'nytårsdag is a Thursday'],
    [2027, 1, '2027-01-04', 'nytårsdag on a Friday, then a weekend'],
    [2026, 4, '2026-04-01', 'the day before skærtorsdag'],
    [2021, 4, '2021-04-06', 'skærtorsdag, langfredag, weekend, 2. påskedag'],
    [2024, 4, '2024-04-02', '2. påskedag on 1 April'],
    [2008, 5, '2008-05-02', 'Kristi himmelfartsdag on 1 May'],
    [2020, 6, '2020-06-02', '2. pinsedag on 1 June'],
    [2028, 7, '2028-07-03', '1 July is a Saturday'],
    [2028, 10, '2028-10-02', '1 October is a Sunday'],
  ])('first working day of %i-%i is %s (%s)', (year, month, date) => {
    expect(firstWorkingDayOfMonth(year, month)).toBe(date);
  });

  it.each([0, 13, 4.5])('rejects month %p', (month) => {
    expect(() => firstWorkingDayOfMonth(2026, month)).toThrow(RangeError);
  });
});

describe('the next quarterly risk review (P6)', () => {
  it.each([
    ['2026-03-15T12:00:00Z', '2026-04-01T07:00:00.000Z', 'April: 09:00 CEST'],
    ['2026-12-01T12:00:00Z', '2027-01-04T08:00:00.000Z', 'January: 09:00 CET, next year'],
    ['2026-01-02T07:59:59.999Z', '2026-01-02T08:00:00.000Z', 'a moment before'],
    ['2026-01-02T08:00:00.000Z', '2026-04-01T07:00:00.000Z', 'exactly the due time → the next quarter'],
    ['2026-04-01T07:00:00.000Z', '2026-07-01T07:00:00.000Z', 'exactly the April due time'],
    ['2026-07-01T07:00:00.000Z', '2026-10-01T07:00:00.000Z', 'October is still summer time'],
    ['2026-10-01T07:00:00.000Z', '2027-01-04T08:00:00.000Z', 'rolls over into the next year'],
    // 23:30 UTC on 31 December 2025 is already 2026 in Copenhagen.
    ['2025-12-31T23:30:00Z', '2026-01-02T08:00:00.000Z', 'new year in Denmark, not yet in UTC'],
    ['2021-03-20T12:00:00Z', '2021-04-06T07:00:00.000Z', 'Easter at the start of April'],
  ])('after %s → %s (%s)', (after, due) => {
    expect(nextQuarterlyReviewAt(new Date(after)).toISOString()).toBe(due);
  });

  it('takes another time of day', () => {
    expect(nextQuarterlyReviewAt(new Date('2026-03-15T12:00:00Z'), { hour: 13, minute: 30 }).toISOString()).toBe(
      '2026-04-01T11:30:00.000Z',
    );
  });

  it.each([{ hour: 24 }, { hour: -1 }, { minute: 60 }, { hour: 8.5 }])('rejects %p', (options) => {
    expect(() => nextQuarterlyReviewAt(new Date('2026-03-15T12:00:00Z'), options)).toThrow(RangeError);
  });
});

describe('the current quarter review, asked for at any time in its quarter (P6)', () => {
  it.each([
    // 1 October 2026 is a Thursday: due that day at 09:00 Danish summer time.
    ['2026-12-07T10:00:00Z', '2026-10-01T07:00:00.000Z'],
    ['2026-10-01T06:00:00Z', '2026-10-01T07:00:00.000Z'],
    // New Year's Eve in UTC is already 1 January in Denmark: the January review (Monday 4 January 2027).
    ['2026-12-31T23:30:00Z', '2027-01-04T08:00:00.000Z'],
    ['2027-03-31T12:00:00Z', '2027-01-04T08:00:00.000Z'],
  ])('at %s the review of the quarter fell due %s', (at, due) => {
    expect(quarterlyReviewDueIn(new Date(at)).toISOString()).toBe(due);
  });
});

describe('the next annual approval of the overall risk assessment (P7)', () => {
  it.each([
    ['2026-02-01T12:00:00Z', 3, '2026-03-02T08:00:00.000Z', '1 March 2026 is a Sunday; CET'],
    ['2026-03-02T08:00:00Z', 3, '2027-03-01T08:00:00.000Z', 'exactly the due time → next year'],
    ['2026-11-15T12:00:00Z', 11, '2027-11-01T08:00:00.000Z', 'already passed this year'],
    ['2026-06-01T12:00:00Z', 1, '2027-01-04T08:00:00.000Z', 'January, next year'],
    ['2020-01-01T12:00:00Z', 6, '2020-06-02T07:00:00.000Z', '2. pinsedag on 1 June; CEST'],
  ])('after %s, month %i → %s (%s)', (after, month, due) => {
    expect(nextAnnualApprovalAt(new Date(after), month).toISOString()).toBe(due);
  });

  it.each([0, 13, 2.5])('rejects month %p', (month) => {
    expect(() => nextAnnualApprovalAt(new Date('2026-01-01T00:00:00Z'), month)).toThrow(RangeError);
  });
});
