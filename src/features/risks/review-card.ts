import { shorten } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate } from '../incidents/deadlines';
import { heatSide } from './cards';
import type { RiskLevel } from './model';
import type { RiskReviewLine, RiskReviewSummary } from './review';

/** How many risks each list of the review card shows; the rest are in the register. */
const LINES_SHOWN = 10;

/**
 * The risk register's part of the quarterly review card (P6): the heat map, then the risks at high
 * or critical level, those whose level changed since the last review, and those past their review date.
 */
export function riskReviewParts(locale: Locale, risks: RiskReviewSummary | undefined) {
  const s = stringsFor(locale).risks;
  if (!risks) return { hasRisks: false, risks: { title: '', total: '', legend: '' }, riskSections: [] };
  const levels = s.levels;
  const named = (code: string) =>
    code === 'new'
      ? s.review.new
      : code
          .split('/')
          .map((level) => levels[level as RiskLevel] ?? level)
          .join(' → ');
  const line = (item: RiskReviewLine) =>
    t(locale, 'risks.review.line', {
      title: shorten(item.title, 100),
      level: levels[item.level],
      residual: levels[item.residual],
    });
  const section = (
    heading: string,
    items: RiskReviewLine[],
    text: (item: RiskReviewLine) => string,
    color = 'Default',
  ) => ({
    heading,
    color,
    lines: [
      ...items.slice(0, LINES_SHOWN).map(text),
      ...(items.length > LINES_SHOWN ? [t(locale, 'risks.review.more', { count: items.length - LINES_SHOWN })] : []),
    ],
  });
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
        t(locale, 'risks.review.high', { count: risks.highOrCritical.length }),
        risks.highOrCritical,
        line,
        risks.highOrCritical.length ? 'Attention' : 'Default',
      ),
      risks.compared
        ? section(t(locale, 'risks.review.changed', { count: risks.changed.length }), risks.changed, (item) =>
            t(locale, 'risks.review.changedLine', {
              title: shorten(item.title, 100),
              level: levels[item.level],
              residual: levels[item.residual],
              before: named(item.before ?? ''),
            }),
          )
        : section(s.review.changedFirst, [], line),
      section(
        t(locale, 'risks.review.overdue', { count: risks.overdue.length }),
        risks.overdue,
        (item) =>
          t(locale, 'risks.review.overdueLine', {
            title: shorten(item.title, 100),
            date: formatDate(new Date(`${item.nextReview}T12:00:00Z`), locale),
          }),
        risks.overdue.length ? 'Warning' : 'Default',
      ),
      section(
        t(locale, 'risks.review.expired', { count: risks.expiredAcceptances.length }),
        risks.expiredAcceptances,
        (item) =>
          t(locale, 'risks.review.expiredLine', {
            title: shorten(item.title, 100),
            date: formatDate(new Date(`${item.acceptedUntil}T12:00:00Z`), locale),
          }),
        risks.expiredAcceptances.length ? 'Attention' : 'Default',
      ),
    ],
  };
}
