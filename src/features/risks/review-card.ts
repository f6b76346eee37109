import { shorten } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate } from '../incidents/deadlines';
import { heatSide } from './cards';
import type { RiskLevel } from './model';
import type { RiskReviewLine, RiskReviewSection, RiskReviewSummary } from './review';

/**
 * How much of each list the review card shows, tried in order until the card fits (#19: within the
 * card budget at its worst): risks per risk list and the length of a title; the rest are in the register.
 */
export const REVIEW_FITS = [
  { lines: 10, title: 100, incidents: 30 },
  { lines: 5, title: 60, incidents: 30 },
  { lines: 3, title: 60, incidents: 10 },
  { lines: 1, title: 40, incidents: 5 },
  { lines: 0, title: 40, incidents: 3 },
] as const;
export type ReviewFit = (typeof REVIEW_FITS)[number];

/**
 * The risk register's part of the quarterly review card (P6): the heat map, then the risks at high
 * or critical level, those whose level changed since the last review, those past their review date,
 * expired acceptances, and the open treatment measures — past their due date first, with owner and
 * due date (#19).
 */
export function riskReviewParts(locale: Locale, risks: RiskReviewSummary | undefined, fit: ReviewFit = REVIEW_FITS[0]) {
  const shown = fit.lines;
  const s = stringsFor(locale).risks;
  if (!risks) return { hasRisks: false, risks: { title: '', total: '', legend: '' }, riskSections: [] };
  const levels = s.levels;
  const named = (code: string) =>
    code === 'new'
      ? s.review.new
      : code === 'unassessed'
        ? s.review.notAssessed
        : code
            .split('/')
            .map((level) => levels[level as RiskLevel] ?? level)
            .join(' → ');
  const line = (item: RiskReviewLine) =>
    t(locale, 'risks.review.line', {
      title: shorten(item.title, fit.title),
      level: levels[item.level],
      residual: levels[item.residual],
    });
  const section = <Line>(
    heading: string,
    { count, lines }: RiskReviewSection<Line>,
    text: (item: Line) => string,
    color = 'Default',
  ) => {
    const listed = lines.slice(0, shown);
    return {
      heading,
      color,
      lines: [
        ...listed.map(text),
        ...(count > listed.length ? [t(locale, 'risks.review.more', { count: count - listed.length })] : []),
      ],
    };
  };
  return {
    hasRisks: true,
    risks: {
      title: s.review.title,
      total: t(locale, 'risks.review.total', { count: risks.total }),
      inherent: heatSide(locale, s.heatmap.inherent, risks.inherent),
      residual: heatSide(locale, s.heatmap.residual, risks.residual),
      legend: s.heatmap.legend,
    },
    riskSections: [
      section(
        t(locale, 'risks.review.high', { count: risks.highOrCritical.count }),
        risks.highOrCritical,
        line,
        risks.highOrCritical.count ? 'Attention' : 'Default',
      ),
      risks.compared
        ? section(t(locale, 'risks.review.changed', { count: risks.changed.count }), risks.changed, (item) =>
            // Assessed to other levels and back again since: the levels are as at the review.
            t(
              locale,
              item.before === `${item.level}/${item.residual}`
                ? 'risks.review.changedBackLine'
                : 'risks.review.changedLine',
              {
                title: shorten(item.title, fit.title),
                level: levels[item.level],
                residual: levels[item.residual],
                before: named(item.before ?? ''),
              },
            ),
          )
        : section(s.review.changedFirst, { count: 0, lines: [] }, line),
      section(
        t(locale, 'risks.review.overdue', { count: risks.overdue.count }),
        risks.overdue,
        (item) =>
          t(locale, 'risks.review.overdueLine', {
            title: shorten(item.title, fit.title),
            date: formatDate(new Date(`${item.nextReview}T12:00:00Z`), locale),
          }),
        risks.overdue.count ? 'Warning' : 'Default',
      ),
      section(
        t(locale, 'risks.review.expired', { count: risks.expiredAcceptances.count }),
        risks.expiredAcceptances,
        (item) =>
          t(locale, 'risks.review.expiredLine', {
            title: shorten(item.title, fit.title),
            date: formatDate(new Date(`${item.acceptedUntil}T12:00:00Z`), locale),
          }),
        risks.expiredAcceptances.count ? 'Attention' : 'Default',
      ),
      section(
        t(locale, 'risks.review.measures', {
          count: risks.openMeasures.count,
          late: risks.openMeasures.late,
        }),
        risks.openMeasures,
        (item) =>
          t(locale, item.late ? 'risks.review.measureLateLine' : 'risks.review.measureLine', {
            text: shorten(item.text, 100),
            owner: shorten(item.owner, 60),
            due: formatDate(new Date(`${item.dueDate}T12:00:00Z`), locale),
            title: shorten(item.title, fit.title),
          }),
        risks.openMeasures.late ? 'Attention' : 'Default',
      ),
    ],
  };
}
