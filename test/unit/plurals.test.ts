import { da, en } from '../../src/i18n/catalogs';
import { argumentNames, formatMessage } from '../../src/i18n/message-format';
import { t, type Locale } from '../../src/i18n';
import { timeApart } from '../../src/features/incidents/deadlines';

/** Renders a key for the counts 0, 1, 2 and 5. */
const counts = (locale: Locale, key: string, name: string, extra: Record<string, string | number> = {}) =>
  [0, 1, 2, 5].map((n) => t(locale, key, { ...extra, [name]: n }));

describe('plural forms follow CLDR in Danish and English (P12)', () => {
  it('hours left: 1 time, 2 timer; under an hour in minutes, never "0 timer"', () => {
    const left = (locale: Locale, hours: number, minutes: number) =>
      t(locale, 'incidents.triage.gdprLeft', { hours, minutes });
    expect([left('da', 0, 0), left('da', 0, 1), left('da', 0, 2), left('da', 0, 59)]).toEqual([
      'under et minut tilbage',
      '1 minut tilbage',
      '2 minutter tilbage',
      '59 minutter tilbage',
    ]);
    expect([1, 2, 5].map((hours) => left('da', hours, hours * 60))).toEqual([
      '1 time tilbage',
      '2 timer tilbage',
      '5 timer tilbage',
    ]);
    expect([left('en', 0, 0), left('en', 0, 1), left('en', 0, 59), left('en', 1, 60), left('en', 5, 300)]).toEqual([
      'less than a minute left',
      '1 minute left',
      '59 minutes left',
      '1 hour left',
      '5 hours left',
    ]);
  });

  it('a deadline 59 minutes away reads "59 minutter tilbage", 61 minutes "1 time tilbage"', () => {
    const deadline = new Date('2026-03-10T12:00:00Z');
    const at = (minutesBefore: number) => new Date(deadline.getTime() - minutesBefore * 60_000);
    expect(t('da', 'incidents.reminder.left', timeApart(deadline, at(59)))).toBe('59 minutter tilbage');
    expect(t('da', 'incidents.reminder.left', timeApart(deadline, at(61)))).toBe('1 time tilbage');
    expect(t('da', 'incidents.reminder.passed', timeApart(deadline, at(-30)))).toBe(
      'Fristen er overskredet med 30 minutter',
    );
    expect(t('en', 'incidents.triage.nis2Overdue', timeApart(deadline, at(-60)))).toBe(
      'Not sent – the deadline passed 1 hour ago',
    );
  });

  it('days, incidents, members, rounds and changes for 0, 1, 2 and 5', () => {
    expect(counts('da', 'incidents.triage.nis2LeftDays', 'days')).toEqual([
      'Ikke sendt – 0 dage tilbage',
      'Ikke sendt – 1 dag tilbage',
      'Ikke sendt – 2 dage tilbage',
      'Ikke sendt – 5 dage tilbage',
    ]);
    expect(
      counts('da', 'incidents.export.ready', 'count', { from: '1/1', to: '2/1' }).map((s) => s.split('.')[0]),
    ).toEqual([
      'Eksporten for 1/1–2/1 indeholder 0 hændelser',
      'Eksporten for 1/1–2/1 indeholder 1 hændelse',
      'Eksporten for 1/1–2/1 indeholder 2 hændelser',
      'Eksporten for 1/1–2/1 indeholder 5 hændelser',
    ]);
    expect(counts('da', 'approvals.card.ruleValue', 'required')).toEqual([
      '0 medlemmer har godkendt',
      '1 medlem har godkendt',
      '2 medlemmer har godkendt',
      '5 medlemmer har godkendt',
    ]);
    expect(counts('da', 'approvals.card.omitted', 'count').map((s) => s.split(';')[0])).toEqual([
      '0 tidligere runder vises ikke her',
      '1 tidligere runde vises ikke her',
      '2 tidligere runder vises ikke her',
      '5 tidligere runder vises ikke her',
    ]);
    expect(counts('da', 'systems.detail.historyOmitted', 'count')).toEqual([
      '0 ældre ændringer vises ikke her.',
      '1 ældre ændring vises ikke her.',
      '2 ældre ændringer vises ikke her.',
      '5 ældre ændringer vises ikke her.',
    ]);
    expect(counts('en', 'approvals.card.ruleValue', 'required')).toEqual([
      '0 members have approved',
      '1 member has approved',
      '2 members have approved',
      '5 members have approved',
    ]);
    expect(counts('en', 'incidents.digest.more', 'count')).toEqual([
      '… and 0 more incidents – see the open incidents.',
      '… and 1 more incident – see the open incidents.',
      '… and 2 more incidents – see the open incidents.',
      '… and 5 more incidents – see the open incidents.',
    ]);
  });

  it('renders every plural string of both languages for 0, 1, 2 and 5 with nothing left unfilled', () => {
    const all = (node: unknown, prefix = ''): string[] =>
      typeof node === 'string'
        ? [prefix]
        : Object.entries(node as object).flatMap(([key, value]) => all(value, prefix ? `${prefix}.${key}` : key));
    const plural = all(da).filter((key) => /, plural,/.test(key.split('.').reduce<any>((n, p) => n[p], da)));
    expect(plural.length).toBeGreaterThanOrEqual(15);
    const leftovers = (['da', 'en'] as const).flatMap((locale) =>
      plural.flatMap((key) => {
        const message = key.split('.').reduce<any>((n, p) => n[p], locale === 'da' ? da : en) as string;
        return [0, 1, 2, 5]
          .map((n) => t(locale, key, Object.fromEntries(argumentNames(message).map((name) => [name, n]))))
          .filter((text) => /[{}#]|\(\p{L}{1,3}\)/u.test(text))
          .map((text) => `${locale} ${key}: ${text}`);
      }),
    );
    expect(leftovers).toEqual([]);
  });
});

describe('t keeps the plain {name} style every caller uses', () => {
  it('fills {name}, keeps a number as written and a missing value visible', () => {
    expect(t('da', 'incidents.confirmation.number', { number: 'HÆN-2026-0042' })).toBe('Nummer: HÆN-2026-0042');
    expect(t('da', 'reviews.card.heading', { quarter: 1, year: 2026 })).toBe(
      'Kvartalsvis risikogennemgang – 1. kvartal 2026',
    );
    expect(t('da', 'incidents.confirmation.number')).toBe('Nummer: {number}');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
  });

  it('shows a message as written rather than failing the turn when its plural lacks the number or it is not ICU', () => {
    expect(t('da', 'approvals.card.ruleValue')).toBe(da.approvals.card.ruleValue);
    expect(formatMessage('da', 'test.broken', '{count, plural, one {# ting}', { count: 1 })).toBe(
      '{count, plural, one {# ting}',
    );
  });

  it('formats a big count in a plural the Danish way', () => {
    expect(t('da', 'incidents.digest.more', { count: 1200 })).toBe('… og 1.200 hændelser mere – se de åbne hændelser.');
  });
});
