import { stringsFor, t, type Locale } from '../../i18n';
import { csvCell } from '../incidents/csv';
import { riskLevels } from '../risks/model';
import { acceptanceText, concernsOf, realisedRisks } from './document';
import type { AnnualAssessment } from './model';

type Row = [section: string, item: string, field: string, value: string | number];

/**
 * The annual overall risk assessment as CSV (P7): one row per fact — section, item, field, value —
 * so a spreadsheet can filter and pivot it. The content hash is the first row. UTF-8 with BOM, `;`
 * and CRLF like the incident log, every cell neutralised against formulas by its `csvCell` (P10).
 */
export function assessmentCsv(locale: Locale, content: AnnualAssessment, hash: string): string {
  const s = stringsFor(locale);
  const a = s.annualAssessment;
  const levels = s.risks.levels;
  const title = t(locale, 'annualAssessment.title', { year: content.year });
  const { risks, systems, incidents, dpia } = content;
  const rows: Row[] = [
    [title, '', 'SHA-256', hash],
    [title, '', a.csv.value, `${content.period.from}–${content.period.to}`],
    ...riskLevels.flatMap((level): Row[] => [
      [a.sections.picture, levels[level], a.picture.inherent, risks.inherent[level]],
      [a.sections.picture, levels[level], a.picture.residual, risks.residual[level]],
    ]),
    [a.sections.picture, a.summary.unassessed, a.concern.count, risks.unassessed],
    ...(['inherent', 'residual'] as const).flatMap((which) =>
      [4, 3, 2, 1].flatMap((l) =>
        [1, 2, 3, 4].map((c): Row => [
          `${a.sections.heatmap}: ${s.risks.heatmap[which]}`,
          `${s.risks.heatmap.likelihoodShort}${l} × ${s.risks.heatmap.consequenceShort}${c}`,
          a.concern.count,
          risks.heatMap[which][l - 1]?.[c - 1] ?? 0,
        ]),
      ),
    ),
    ...risks.byConcern.flatMap((line): Row[] => {
      const item = line.area
        ? t(locale, 'annualAssessment.concern.area', { name: s.risks.areas[line.area] })
        : t(locale, 'annualAssessment.concern.system', { name: line.system ?? '' });
      return [
        [a.sections.concern, item, a.concern.count, line.count],
        [a.sections.concern, item, a.concern.worst, line.worstResidual ? levels[line.worstResidual] : ''],
      ];
    }),
    ...risks.top.flatMap((risk): Row[] => [
      [a.sections.top, risk.title, a.top.concerns, concernsOf(locale, risk)],
      [a.sections.top, risk.title, a.top.owner, risk.owner],
      [a.sections.top, risk.title, a.top.level, levels[risk.level]],
      [a.sections.top, risk.title, a.top.residual, levels[risk.residual]],
      [a.sections.top, risk.title, a.top.treatment, risk.treatment ? s.risks.treatments[risk.treatment] : ''],
      [a.sections.top, risk.title, a.top.acceptance, acceptanceText(locale, risk)],
      [a.sections.top, risk.title, a.top.nextReview, risk.nextReview ?? ''],
      [a.sections.top, risk.title, a.top.incidents, risk.incidents.join(', ')],
      ...risk.measures.map((measure): Row => [
        a.sections.top,
        risk.title,
        a.top.measures,
        `${measure.text} – ${measure.owner} – ${measure.dueDate}${measure.done ? ' ✓' : ''}`,
      ]),
      ...(risk.moreMeasures
        ? [
            [
              a.sections.top,
              risk.title,
              a.top.measures,
              t(locale, 'annualAssessment.omitted', { count: risk.moreMeasures }),
            ] as Row,
          ]
        : []),
    ]),
    ...systems.byCategory.flatMap((line): Row[] => [
      [a.sections.systems, s.systems.categories[line.category], a.systems.total, line.total],
      ...(['current', 'overdue', 'never', 'majorChange'] as const).map((status): Row => [
        a.sections.systems,
        s.systems.categories[line.category],
        a.systems.statuses[status],
        line.statuses[status],
      ]),
    ]),
    ...systems.listed.flatMap((line): Row[] => [
      [a.sections.systems, line.name, a.systems.category, s.systems.categories[line.category]],
      [a.sections.systems, line.name, a.systems.status, a.systems.statuses[line.status]],
      [
        a.sections.systems,
        line.name,
        a.systems.lastAssessed,
        line.lastAssessed
          ? t(locale, 'annualAssessment.systems.lastBy', { date: line.lastAssessed, by: line.lastAssessedBy ?? '' })
          : a.systems.never,
      ],
      [a.sections.systems, line.name, a.systems.due, line.due],
    ]),
    ...incidents.byKind.flatMap((line): Row[] => [
      [a.sections.incidents, s.incidents.kindsShort[line.kind], a.incidents.count, line.count],
      [a.sections.incidents, s.incidents.kindsShort[line.kind], a.incidents.breaches, line.breaches],
    ]),
    [a.sections.incidents, a.summary.breaches, a.incidents.count, incidents.breaches],
    ...incidents.revealed.map((line): Row => [
      a.sections.incidents,
      line.number,
      a.incidents.risks,
      realisedRisks(locale, line).join(', '),
    ]),
    [a.sections.dpia, '', a.dpia.required, dpia.required],
    [a.sections.dpia, '', a.dpia.done, dpia.done],
    [a.sections.dpia, '', a.dpia.unanswered, dpia.unanswered],
    ...dpia.open.map((line): Row => [a.sections.dpia, line.system, a.dpia.answeredAt, line.answeredAt ?? '']),
  ];
  const header = [a.csv.section, a.csv.item, a.csv.field, a.csv.value].map(csvCell).join(';');
  return `\uFEFF${[header, ...rows.map((row) => row.map(csvCell).join(';'))].join('\r\n')}\r\n`;
}
