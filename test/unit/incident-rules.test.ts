import { ValidationError } from '../../src/errors';
import {
  breachReminderTimes,
  formatLocal,
  gdprDeadline,
  hoursLeft,
  localYear,
  nis2Deadlines,
  parseLocal,
} from '../../src/features/incidents/deadlines';
import { csvCell, incidentsCsv } from '../../src/features/incidents/csv';
import type { Incident } from '../../src/features/incidents/model';
import { draft } from '../support/incidents';
import { formatNumber, parseNumber } from '../../src/features/incidents/numbering';
import { parseReport } from '../../src/features/incidents/report-form';
import { canMove, nextStates } from '../../src/features/incidents/transitions';

describe('the GDPR 72-hour deadline (P3)', () => {
  it.each([
    // [awareness (UTC), deadline shown in Danish time, why]
    ['2026-11-28T09:00:00Z', '01.12.2026 kl. 10:00', 'winter time throughout'],
    ['2026-07-01T10:00:00Z', '04.07.2026 kl. 12:00', 'summer time throughout'],
    // 28 March 2026 11:00 CET; clocks go forward on 29 March: 72 real hours later the clock reads 12:00 CEST.
    ['2026-03-28T10:00:00Z', '31.03.2026 kl. 12:00', 'across the spring change'],
    // 24 October 2026 12:00 CEST; clocks go back on 25 October: 72 real hours later is 11:00 CET.
    ['2026-10-24T10:00:00Z', '27.10.2026 kl. 11:00', 'across the autumn change'],
  ])('awareness %s → deadline %s (%s)', (awareness, shown) => {
    const deadline = gdprDeadline(new Date(awareness));
    expect(deadline.getTime() - new Date(awareness).getTime()).toBe(72 * 3_600_000);
    expect(formatLocal(deadline, 'da')).toBe(shown);
  });

  it('reminds at 24, 48 and 66 hours and at the deadline', () => {
    const awareness = new Date('2026-03-28T10:00:00Z');
    expect(breachReminderTimes(awareness).map((at) => at.toISOString())).toEqual([
      '2026-03-29T10:00:00.000Z',
      '2026-03-30T10:00:00.000Z',
      '2026-03-31T04:00:00.000Z',
      '2026-03-31T10:00:00.000Z',
    ]);
  });

  it('counts whole hours left, negative once passed', () => {
    const deadline = new Date('2026-12-01T09:00:00Z');
    expect(hoursLeft(deadline, new Date('2026-11-30T08:30:00Z'))).toBe(24);
    expect(hoursLeft(deadline, new Date('2026-12-01T11:00:00Z'))).toBe(-2);
  });

  it('gives NIS2 early warning at 24 h, notification at 72 h and the final report a calendar month later', () => {
    const deadlines = nis2Deadlines(new Date('2026-01-29T09:00:00Z'));
    expect(formatLocal(deadlines.earlyWarning, 'da')).toBe('30.01.2026 kl. 10:00');
    expect(formatLocal(deadlines.notification, 'da')).toBe('01.02.2026 kl. 10:00');
    expect(formatLocal(deadlines.finalReport!, 'da')).toBe('01.03.2026 kl. 10:00');
  });

  it('runs the NIS2 final report month from the notification as sent, once recorded', () => {
    const deadlines = nis2Deadlines(new Date('2026-01-29T09:00:00Z'), new Date('2026-01-30T15:30:00Z'));
    expect(formatLocal(deadlines.notification, 'da')).toBe('01.02.2026 kl. 10:00');
    expect(formatLocal(deadlines.finalReport!, 'da')).toBe('28.02.2026 kl. 16:30');
  });

  it('reads card dates as Danish local time and files a report by its Danish year', () => {
    expect(parseLocal('2026-07-01', '12:00')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(parseLocal('2026-02-30', '12:00')).toBeUndefined();
    expect(parseLocal('01-07-2026', undefined)).toBeUndefined();
    expect(localYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(formatLocal('2026-11-28T09:00:00Z', 'en')).toBe('28 Nov 2026 10:00');
  });
});

describe('incident numbers', () => {
  it.each([
    [2026, 42, 'HÆN-2026-0042'],
    [2026, 1, 'HÆN-2026-0001'],
    [2027, 12345, 'HÆN-2027-12345'],
  ])('formats %i/%i as %s and parses it back', (year, seq, text) => {
    expect(formatNumber(year, seq)).toBe(text);
    expect(parseNumber(text)).toEqual({ year, seq });
  });

  it.each(['HÆN-26-0042', 'HÆN-2026-0000', "HÆN-2026-0042' or 1 eq 1", '', 42, null])('rejects %p', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});

describe('state transitions', () => {
  it.each([
    ['received', 'inProgress', true],
    ['inProgress', 'contained', true],
    ['contained', 'resolved', true],
    ['resolved', 'closed', true],
    ['received', 'notAnIncident', true],
    ['closed', 'inProgress', true],
    ['closed', 'resolved', false],
    ['notAnIncident', 'closed', false],
    ['resolved', 'received', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it('offers the current state first, then only allowed ones', () => {
    expect(nextStates('resolved')).toEqual(['resolved', 'inProgress', 'closed']);
  });
});

describe('the report form', () => {
  const now = new Date('2026-11-28T09:00:00Z');
  const valid = {
    title: 'Phishing-mail åbnet',
    description: 'Klikkede på et link',
    kind: 'general',
    discoveredDate: '2026-11-28',
    discoveredTime: '09:30',
    personalData: 'no',
  };
  const errorsOf = (inputs: Record<string, string>): Record<string, string> => {
    try {
      parseReport(inputs, now);
      return {};
    } catch (error) {
      return (error as ValidationError).fields;
    }
  };

  it('accepts a minimal report and reads times in Danish time', () => {
    expect(parseReport(valid, now)).toMatchObject({
      kind: 'general',
      discoveredAt: '2026-11-28T08:30:00.000Z',
      personalDataKinds: [],
    });
  });

  it.each([
    [{ title: '' }, { title: 'incidents.errors.required' }],
    [{ title: 'x'.repeat(121) }, { title: 'incidents.errors.tooLong' }],
    [{ kind: 'hacked' }, { kind: 'incidents.errors.required' }],
    [{ kind: 'system' }, { systemName: 'incidents.errors.required' }],
    [
      { kind: 'system', systemName: 'KMD Nexus', systemOther: 'Elevens egen app' },
      { systemOther: 'incidents.errors.systemChooseOne' },
    ],
    [{ kind: 'system', systemOther: 'x'.repeat(121) }, { systemOther: 'incidents.errors.tooLong' }],
    [{ personalData: 'yes' }, { personalDataKinds: 'incidents.errors.kindsRequired' }],
    [{ discoveredDate: '2026-11-29' }, { discoveredDate: 'incidents.errors.future' }],
    [{ discoveredDate: 'i går' }, { discoveredDate: 'incidents.errors.invalidDate' }],
    [{ occurredDate: '2026-11-28', occurredTime: '10:00' }, { discoveredDate: 'incidents.errors.beforeOccurred' }],
    [{ affectedPeople: '-3' }, { affectedPeople: 'incidents.errors.number' }],
  ])('%p → %p', (change, expected) => {
    expect(errorsOf({ ...valid, ...change })).toEqual(expected);
  });

  it('takes the system from the list, or the one typed when it is not on the list', () => {
    expect(parseReport({ ...valid, kind: 'system', systemName: 'KMD Nexus' }, now).systemName).toBe('KMD Nexus');
    expect(parseReport({ ...valid, kind: 'system', systemOther: 'Skolens egen app' }, now).systemName).toBe(
      'Skolens egen app',
    );
    // Named with another kind (a breach in a system), it is kept too: nothing chosen is dropped.
    expect(
      parseReport({ ...valid, kind: 'personalData', personalDataKinds: 'cpr', systemName: 'KMD Nexus' }, now),
    ).toMatchObject({ kind: 'personalData', systemName: 'KMD Nexus' });
  });

  it('drops personal-data kinds when no personal data is involved, and keeps only known kinds', () => {
    expect(parseReport({ ...valid, personalDataKinds: 'cpr' }, now).personalDataKinds).toEqual([]);
    expect(
      parseReport({ ...valid, personalData: 'yes', personalDataKinds: 'cpr,<script>,sensitive' }, now)
        .personalDataKinds,
    ).toEqual(['cpr', 'sensitive']);
  });
});

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a;b', '"a;b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+45 1234', "'+45 1234"],
    ['@cmd', "'@cmd"],
    ['æøå', 'æøå'],
    ['x,=1+1,y', `"x,'=1+1,y"`],
    ['a; -2+3', `"a; '-2+3"`],
    ['ok\n@cmd', `"ok\n'@cmd"`],
    ['Faktura\u202Efdp.exe', 'Fakturafdp.exe'],
    ['2026-11-27 08:00', '2026-11-27 08:00'],
  ])('%p → %p', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('the CSV log', () => {
  const incident: Incident = {
    ...draft('u'),
    number: 'HÆN-2026-0042',
    year: 2026,
    seq: 42,
    version: 5,
    nis2Significant: true,
    nis2Reports: {
      earlyWarning: {
        sentAt: '2026-11-29T08:15:00.000Z',
        recordedBy: 'Mette Kjær',
        recordedAt: '2026-11-29T09:00:00.000Z',
      },
    },
  };

  it.each(['da', 'en'] as const)('has a column under every heading, the NIS2 reports in Danish time (%s)', (locale) => {
    const [header, row] = incidentsCsv([incident], locale)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(row.split(';')).toHaveLength(header.split(';').length);
    const nis2 = header.split(';').indexOf('NIS2');
    expect(row.split(';').slice(nis2 + 1, nis2 + 4)).toEqual(['2026-11-29 09:15', '', '']);
  });
});
