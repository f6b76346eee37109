import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import { stringsFor, t, type Locale } from '../../i18n';
import type { DocumentBlock, DocumentSpec } from '../documents/model';
import { riskLevels, type RiskLevel } from '../risks/model';
import type { AnnualAssessment, TopRisk } from './model';

/** The heat map's colours by level, as the register's card uses them: green, blue, yellow, red. */
export const levelFills: Record<RiskLevel, string> = {
  low: 'C6EFCE',
  medium: 'BDD7EE',
  high: 'FFEB9C',
  critical: 'FFC7CE',
};

const day = (iso: string, locale: Locale): string =>
  DateTime.fromISO(iso, { zone: ZONE }).toFormat(locale === 'da' ? 'dd.MM.yyyy' : 'd LLL yyyy', { locale });
const stamp = (iso: string, locale: Locale): string =>
  DateTime.fromISO(iso, { zone: ZONE }).toFormat(locale === 'da' ? 'dd.MM.yyyy HH:mm' : 'd LLL yyyy HH:mm', {
    locale,
  });

/** The level of a cell of the 4×4 matrix (likelihood × consequence), as the register defines it. */
const cellLevel = (likelihood: number, consequence: number): RiskLevel => {
  const score = likelihood * consequence;
  return score >= 12 ? 'critical' : score >= 8 ? 'high' : score >= 4 ? 'medium' : 'low';
};

/** A 4×4 heat map as a coloured table: likelihood 4 (top) to 1, consequence 1 to 4. */
function heatMapTable(locale: Locale, heading: string, map: number[][]): DocumentBlock[] {
  const s = stringsFor(locale).annualAssessment.heatmap;
  const likelihoods = [4, 3, 2, 1];
  return [
    { kind: 'heading', level: 3, text: heading },
    {
      kind: 'table',
      header: [s.corner, '1', '2', '3', '4'],
      rows: likelihoods.map((l) => [String(l), ...[1, 2, 3, 4].map((c) => String(map[l - 1]?.[c - 1] ?? 0))]),
      widths: [28, 18, 18, 18, 18],
      fills: likelihoods.map((l) => [undefined, ...[1, 2, 3, 4].map((c) => levelFills[cellLevel(l, c)])]),
    },
  ];
}

/** What a top risk concerns, in words: its area, or its systems. */
export const concernsOf = (locale: Locale, risk: Pick<TopRisk, 'area' | 'systems'>): string =>
  risk.area ? stringsFor(locale).risks.areas[risk.area] : risk.systems.join(', ');

/** Where a top risk's acceptance stands, in words. */
export const acceptanceText = (locale: Locale, risk: TopRisk): string =>
  t(locale, `annualAssessment.acceptance.${risk.acceptance}`, {
    date: risk.acceptedUntil ? day(risk.acceptedUntil, locale) : '',
  });

/** The risks an incident realised, as listed (bounded), with how many more there are in words. */
export const realisedRisks = (locale: Locale, line: AnnualAssessment['incidents']['revealed'][number]): string[] => [
  ...line.risks,
  ...(line.moreRisks ? [t(locale, 'annualAssessment.omitted', { count: line.moreRisks })] : []),
];

function topRiskBlocks(locale: Locale, risk: TopRisk): DocumentBlock[] {
  const s = stringsFor(locale);
  const a = s.annualAssessment.top;
  const levels = s.risks.levels;
  return [
    { kind: 'heading', level: 3, text: `${levels[risk.residual]} · ${risk.title}` },
    {
      kind: 'facts',
      rows: [
        { label: a.concerns, value: concernsOf(locale, risk) },
        { label: a.owner, value: risk.owner },
        {
          label: a.level,
          value: t(locale, 'annualAssessment.top.levelValue', {
            level: levels[risk.level],
            likelihood: risk.likelihood,
            consequence: risk.consequence,
          }),
        },
        {
          label: a.residual,
          value: t(locale, 'annualAssessment.top.levelValue', {
            level: levels[risk.residual],
            likelihood: risk.residualLikelihood,
            consequence: risk.residualConsequence,
          }),
        },
        { label: a.treatment, value: risk.treatment ? s.risks.treatments[risk.treatment] : a.notAssessed },
        { label: a.acceptance, value: acceptanceText(locale, risk) },
        ...(risk.nextReview ? [{ label: a.nextReview, value: day(risk.nextReview, locale) }] : []),
        ...(risk.incidents.length ? [{ label: a.incidents, value: risk.incidents.join(', ') }] : []),
      ],
    },
    ...(risk.measures.length
      ? [
          { kind: 'paragraph' as const, text: a.measures, style: 'strong' as const },
          {
            kind: 'list' as const,
            items: risk.measures.map((measure) =>
              t(locale, 'annualAssessment.top.measureLine', {
                text: measure.text,
                owner: measure.owner,
                due: day(measure.dueDate, locale),
                done: String(measure.done),
              }),
            ),
          },
          ...(risk.moreMeasures
            ? [
                {
                  kind: 'paragraph' as const,
                  style: 'subtle' as const,
                  text: t(locale, 'annualAssessment.omitted', { count: risk.moreMeasures }),
                },
              ]
            : []),
        ]
      : []),
  ];
}

/**
 * The annual overall risk assessment as a document the coordinator opens in Word and adds prose to
 * (P7): each section ends with "Notes:" for the coordinator's and the management group's text; the
 * content hash is on the first page and in every footer.
 */
export function assessmentDocument(locale: Locale, content: AnnualAssessment, hash: string): DocumentSpec {
  const s = stringsFor(locale);
  const a = s.annualAssessment;
  const levels = s.risks.levels;
  const omitted = (count: number): DocumentBlock[] =>
    count > 0 ? [{ kind: 'paragraph', style: 'subtle', text: t(locale, 'annualAssessment.omitted', { count }) }] : [];
  const notes: DocumentBlock = { kind: 'paragraph', style: 'strong', text: a.notes };
  const section = (text: string): DocumentBlock => ({ kind: 'heading', level: 1, text });
  const { risks, systems, incidents, dpia } = content;
  const highResidual = risks.residual.high + risks.residual.critical;
  const overdue = systems.byCategory.reduce(
    (sum, c) => sum + c.statuses.overdue + c.statuses.never + c.statuses.majorChange,
    0,
  );
  const blocks: DocumentBlock[] = [
    { kind: 'paragraph', text: a.intro },
    {
      kind: 'paragraph',
      style: 'subtle',
      text: t(locale, 'annualAssessment.made', {
        at: stamp(content.generatedAt, locale),
        by: content.generatedBy,
        from: day(content.period.from, locale),
        to: day(content.period.to, locale),
      }),
    },
    { kind: 'paragraph', style: 'strong', text: t(locale, 'annualAssessment.hash', { hash }) },
    { kind: 'paragraph', style: 'subtle', text: a.hashNote },

    section(a.sections.summary),
    {
      kind: 'facts',
      rows: [
        { label: a.summary.risks, value: String(risks.total) },
        { label: a.summary.unassessed, value: String(risks.unassessed) },
        { label: a.summary.highResidual, value: String(highResidual) },
        { label: a.summary.systems, value: String(systems.total) },
        { label: a.summary.systemsOverdue, value: String(overdue) },
        { label: a.summary.incidents, value: String(incidents.total) },
        { label: a.summary.breaches, value: String(incidents.breaches) },
        { label: a.summary.dpiaOpen, value: String(dpia.required - dpia.done) },
      ],
    },
    notes,

    section(a.sections.picture),
    {
      kind: 'table',
      header: [a.picture.level, a.picture.inherent, a.picture.residual],
      rows: [...riskLevels]
        .reverse()
        .map((level) => [levels[level], String(risks.inherent[level]), String(risks.residual[level])]),
      fills: [...riskLevels].reverse().map((level) => [levelFills[level], undefined, undefined]),
      widths: [40, 30, 30],
    },
    ...(risks.unassessed > 0
      ? [
          {
            kind: 'paragraph' as const,
            style: 'subtle' as const,
            text: t(locale, 'risks.heatmap.unassessed', { count: risks.unassessed }),
          },
        ]
      : []),

    section(a.sections.heatmap),
    ...heatMapTable(locale, s.risks.heatmap.inherent, risks.heatMap.inherent),
    ...heatMapTable(locale, s.risks.heatmap.residual, risks.heatMap.residual),
    { kind: 'paragraph', style: 'subtle', text: a.heatmap.legend },
    notes,

    section(a.sections.concern),
    risks.byConcern.length
      ? {
          kind: 'table',
          header: [a.concern.what, a.concern.count, a.concern.worst],
          rows: risks.byConcern.map((line) => [
            line.area
              ? t(locale, 'annualAssessment.concern.area', { name: s.risks.areas[line.area] })
              : t(locale, 'annualAssessment.concern.system', { name: line.system ?? '' }),
            String(line.count),
            line.worstResidual ? levels[line.worstResidual] : a.top.notAssessed,
          ]),
          fills: risks.byConcern.map((line) => [
            undefined,
            undefined,
            line.worstResidual && levelFills[line.worstResidual],
          ]),
          widths: [56, 14, 30],
        }
      : { kind: 'paragraph', text: a.none },
    ...omitted(risks.byConcernOmitted),

    section(a.sections.top),
    {
      kind: 'paragraph',
      text: t(locale, 'annualAssessment.top.intro', { above: levels[content.acceptanceAbove].toLowerCase() }),
    },
    ...(risks.top.length
      ? risks.top.flatMap((risk) => topRiskBlocks(locale, risk))
      : [{ kind: 'paragraph' as const, text: a.none }]),
    ...omitted(risks.topOmitted),
    notes,

    section(a.sections.systems),
    { kind: 'paragraph', text: a.systems.intro },
    {
      kind: 'table',
      header: [
        a.systems.category,
        a.systems.total,
        ...(['current', 'overdue', 'never', 'majorChange'] as const).map((k) => a.systems.statuses[k]),
      ],
      rows: systems.byCategory.map((line) => [
        s.systems.categories[line.category],
        String(line.total),
        String(line.statuses.current),
        String(line.statuses.overdue),
        String(line.statuses.never),
        String(line.statuses.majorChange),
      ]),
    },
    ...(systems.listed.length
      ? [
          {
            kind: 'table' as const,
            header: [a.systems.name, a.systems.category, a.systems.status, a.systems.lastAssessed, a.systems.due],
            rows: systems.listed.map((line) => [
              line.name,
              s.systems.categories[line.category],
              a.systems.statuses[line.status],
              line.lastAssessed
                ? t(locale, 'annualAssessment.systems.lastBy', {
                    date: day(line.lastAssessed, locale),
                    by: line.lastAssessedBy ?? '',
                  })
                : a.systems.never,
              day(line.due, locale),
            ]),
            widths: [28, 18, 18, 22, 14],
          },
        ]
      : []),
    ...omitted(systems.omitted),
    notes,

    section(a.sections.incidents),
    {
      kind: 'paragraph',
      text: t(locale, 'annualAssessment.incidents.totals', {
        total: incidents.total,
        breaches: incidents.breaches,
        notified: incidents.notified,
      }),
    },
    {
      kind: 'table',
      header: [a.incidents.kind, a.incidents.count, a.incidents.breaches],
      rows: incidents.byKind.map((line) => [
        s.incidents.kindsShort[line.kind],
        String(line.count),
        String(line.breaches),
      ]),
      widths: [50, 25, 25],
    },
    ...(incidents.revealed.length
      ? [
          { kind: 'paragraph' as const, text: a.incidents.revealedIntro },
          {
            kind: 'table' as const,
            header: [a.incidents.number, a.incidents.kind, a.incidents.severity, a.incidents.breach, a.incidents.risks],
            rows: incidents.revealed.map((line) => [
              line.number,
              s.incidents.kindsShort[line.kind],
              s.incidents.severities[line.severity ?? 'none'],
              line.breach ? a.incidents.yes : a.incidents.no,
              realisedRisks(locale, line).join('\n'),
            ]),
            widths: [18, 16, 14, 10, 42],
          },
        ]
      : []),
    ...omitted(incidents.revealedOmitted),
    ...(incidents.unlinked > 0
      ? [
          {
            kind: 'paragraph' as const,
            style: 'subtle' as const,
            text: t(locale, 'annualAssessment.incidents.unlinked', { count: incidents.unlinked }),
          },
        ]
      : []),
    notes,

    section(a.sections.dpia),
    {
      kind: 'facts',
      rows: [
        { label: a.dpia.required, value: String(dpia.required) },
        { label: a.dpia.done, value: String(dpia.done) },
        { label: a.dpia.unanswered, value: String(dpia.unanswered) },
      ],
    },
    ...(dpia.open.length
      ? [
          { kind: 'paragraph' as const, text: a.dpia.openIntro },
          {
            kind: 'table' as const,
            header: [a.dpia.system, a.dpia.answeredAt],
            rows: dpia.open.map((line) => [line.system, line.answeredAt ? day(line.answeredAt, locale) : '']),
            widths: [60, 40],
          },
        ]
      : []),
    ...omitted(dpia.openOmitted),
    notes,
  ];
  const title = t(locale, 'annualAssessment.title', { year: content.year });
  return {
    title,
    language: locale === 'da' ? 'da-DK' : 'en-GB',
    creator: content.generatedBy,
    footer: t(locale, 'annualAssessment.footer', {
      year: content.year,
      hash: hash.slice(0, 16),
      at: stamp(content.generatedAt, locale),
    }),
    blocks,
  };
}
