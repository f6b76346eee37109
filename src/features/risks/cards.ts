import { randomUUID } from 'node:crypto';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { danishToday } from '../../clock';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate } from '../incidents/deadlines';
import type { AcceptanceStatus } from './acceptance';
import { assessFields, type FormInputs } from './form';
import { inherentLevel, consequenceOf, levelOf, residualLevel, type HeatMap, type HeatMapCounts } from './level';
import {
  riskAreas,
  scale,
  treatments,
  type RiskArea,
  type RiskHistoryEntry,
  type RiskLevel,
  type RiskListItem,
  type RiskRecord,
} from './model';

/** The container style of each level's cells: green, blue, yellow, red (the legend says so in words). */
const levelStyle: Record<RiskLevel, string> = { low: 'good', medium: 'accent', high: 'warning', critical: 'attention' };

const complete = (keys: readonly string[], values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(keys.map((key) => [key, values[key] ?? '']));
const localized = (locale: Locale, errors: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(locale, key)]));

/** A review date (`yyyy-mm-dd`) as the user reads it. */
const reviewDate = (date: string, locale: Locale): string => formatDate(new Date(`${date}T12:00:00Z`), locale);

/** What a risk concerns, in words: its systems' names, or its area. */
export const concernsText = (locale: Locale, risk: { systemNames: string[]; area?: RiskArea }): string =>
  risk.area ? stringsFor(locale).risks.areas[risk.area] : risk.systemNames.join(', ');

/** One side of the heat map: a header row of consequences, then likelihood 4 down to 1, each cell coloured by its level. */
export function heatSide(locale: Locale, title: string, counts: HeatMap) {
  const h = stringsFor(locale).risks.heatmap;
  const header = (text: string) => ({ text, style: 'emphasis', weight: 'Bolder' });
  return {
    title,
    rows: [
      { cells: [header(`${h.likelihoodShort} \\ ${h.consequenceShort}`), ...scale.map((c) => header(String(c)))] },
      ...[...scale].reverse().map((l) => ({
        cells: [
          header(String(l)),
          ...scale.map((c) => ({
            text: String(counts[l - 1]![c - 1]),
            style: levelStyle[levelOf(l, c)],
            weight: counts[l - 1]![c - 1] ? 'Bolder' : 'Default',
          })),
        ],
      })),
    ],
  };
}

/**
 * The register card (P4, P6): the heat map of every risk the user may see, inherent and residual side
 * by side, then a page of risks with their levels.
 */
export function riskListCard(
  locale: Locale,
  options: { page: RiskListItem[]; maps: HeatMapCounts; next?: string; mine: boolean; canCreate: boolean },
): AdaptiveCard {
  const s = stringsFor(locale).risks;
  const maps = options.maps;
  const render = (titleMax: number) =>
    expandCard('risks/list', {
      heading: s.list.title,
      note: options.mine ? s.list.mineNote : '',
      inherent: heatSide(locale, s.heatmap.inherent, maps.inherent),
      residual: heatSide(locale, s.heatmap.residual, maps.residual),
      axes: s.heatmap.axes,
      legend: s.heatmap.legend,
      unassessed: maps.unassessed ? t(locale, 'risks.heatmap.unassessed', { count: maps.unassessed }) : '',
      empty: options.page.length === 0 ? s.list.empty : '',
      risks: options.page.map((item) => ({
        id: item.id,
        title: shorten(item.title, titleMax),
        meta: listMeta(locale, item, titleMax),
      })),
      openTitle: s.list.open,
      canCreate: options.canCreate,
      newTitle: s.list.new,
      next: options.next ?? '',
      nextTitle: s.list.next,
    });
  return fitCard([200, 80, 40], render);
}

function listMeta(locale: Locale, item: RiskListItem, max: number): string {
  const concerns = shorten(concernsText(locale, item), max);
  if (!item.likelihood || !item.consequence || !item.residualLikelihood || !item.residualConsequence)
    return t(locale, 'risks.list.metaNew', { concerns });
  const levels = stringsFor(locale).risks.levels;
  return t(locale, 'risks.list.meta', {
    level: levels[levelOf(item.likelihood, item.consequence)],
    residual: levels[levelOf(item.residualLikelihood, item.residualConsequence)],
    concerns,
    date: item.nextReview ? reviewDate(item.nextReview, locale) : '',
  });
}

/**
 * The create/edit form. A new risk's `draftId` stays the same across re-shows, so a repeated save
 * stores one risk. Areas are offered to the coordinator only.
 */
export function riskFormCard(
  locale: Locale,
  options: {
    risk?: RiskRecord;
    values?: FormInputs;
    errors?: Record<string, string>;
    banner?: string;
    draftId?: string;
    systemChoices: { id: string; name: string }[];
    showArea: boolean;
  },
): AdaptiveCard {
  const s = stringsFor(locale).risks;
  const risk = options.risk;
  const current: FormInputs = risk
    ? {
        title: risk.title,
        scenario: risk.scenario,
        systems: risk.systemIds.join(','),
        area: risk.area ?? '',
        owner: risk.ownerId,
      }
    : {};
  const choices = new Map(options.systemChoices.map((system) => [system.id, system.name]));
  risk?.systemIds.forEach((id, i) => choices.set(id, risk.systemNames[i] ?? id));
  return expandCard('risks/form', {
    heading: risk ? s.form.titleEdit : s.form.titleNew,
    s: s.form,
    e: s.errors,
    banner: options.banner ?? '',
    v: complete(['title', 'scenario', 'systems', 'area', 'owner', 'ownerPick'], { ...current, ...options.values }),
    errors: complete(['title', 'scenario', 'systems', 'area', 'owner'], localized(locale, options.errors ?? {})),
    systemChoices: [...choices].map(([value, title]) => ({ title: shorten(title, 120), value })),
    showArea: options.showArea,
    areaChoices: [
      { title: s.form.areaNone, value: '' },
      ...riskAreas.map((value) => ({ title: s.areas[value], value })),
    ],
    id: risk?.id ?? '',
    version: risk ? String(risk.version) : '',
    draftId: risk ? '' : (options.draftId ?? randomUUID()),
  });
}

/** The assess form (P4, P6): likelihood, consequence per aspect, treatment, residual and next review. */
export function assessCard(
  locale: Locale,
  options: { risk: RiskRecord; values?: FormInputs; errors?: Record<string, string>; banner?: string },
): AdaptiveCard {
  const s = stringsFor(locale).risks;
  const a = options.risk.assessment;
  const current: FormInputs = a
    ? {
        likelihood: String(a.likelihood),
        confidentiality: String(a.consequence.confidentiality),
        integrity: String(a.consequence.integrity),
        availability: String(a.consequence.availability),
        dataSubjects: a.consequence.dataSubjects ? String(a.consequence.dataSubjects) : '',
        treatment: a.treatment,
        residualLikelihood: String(a.residualLikelihood),
        residualConsequence: String(a.residualConsequence),
        nextReview: a.nextReview,
      }
    : {};
  const v = complete(assessFields, { ...current, ...options.values });
  const errors = localized(locale, options.errors ?? {});
  const likelihood = scale.map((n) => ({ title: s.likelihood[n], value: String(n) }));
  const consequence = scale.map((n) => ({ title: s.consequence[n], value: String(n) }));
  const question = (id: string, label: string, choices: { title: string; value: string }[], required = true) => ({
    id,
    label,
    required,
    value: v[id],
    choices,
    error: errors[id] ?? '',
  });
  return expandCard('risks/assess', {
    heading: t(locale, 'risks.assess.title', { title: shorten(options.risk.title, 200) }),
    s: s.assess,
    e: s.errors,
    banner: options.banner ?? '',
    questions: [
      question('likelihood', s.assess.likelihoodLabel, likelihood),
      question('confidentiality', s.assess.confidentialityLabel, consequence),
      question('integrity', s.assess.integrityLabel, consequence),
      question('availability', s.assess.availabilityLabel, consequence),
      question(
        'dataSubjects',
        s.assess.dataSubjectsLabel,
        [{ title: s.assess.dataSubjectsNone, value: '' }, ...consequence],
        false,
      ),
      question(
        'treatment',
        s.assess.treatmentLabel,
        treatments.map((value) => ({ title: s.treatments[value], value })),
      ),
      question('residualLikelihood', s.assess.residualLikelihoodLabel, likelihood),
      question('residualConsequence', s.assess.residualConsequenceLabel, consequence),
    ],
    nextReview: v.nextReview,
    nextReviewError: errors.nextReview ?? '',
    id: options.risk.id,
    version: options.risk.version,
  });
}

/** How many history lines the risk card shows (the newest). */
const HISTORY_SHOWN = 10;

/** The risk card: scenario, levels, treatment, owner, what it concerns, and its history. */
export function riskDetailCard(
  locale: Locale,
  options: {
    risk: RiskRecord;
    history: RiskHistoryEntry[];
    canChange: boolean;
    now: Date;
    banner?: { text: string; isError: boolean };
    /** Where the residual risk's acceptance stands, and whether the viewer may put it up. */
    acceptance?: AcceptanceStatus;
    canAccept?: boolean;
    /** Whether the viewer may link an incident (the coordinator), and what was typed after an error. */
    canLink?: boolean;
    incident?: { typed: string; error: string };
    /** Systems with a major change after the assessment (P8). */
    reopenedBy?: string[];
  },
): AdaptiveCard {
  const s = stringsFor(locale).risks;
  const { risk } = options;
  const a = risk.assessment;
  const facts = a
    ? [
        {
          title: s.detail.level,
          value: t(locale, 'risks.detail.levelValue', {
            level: s.levels[inherentLevel(a)],
            likelihood: a.likelihood,
            consequence: consequenceOf(a.consequence),
          }),
        },
        {
          title: s.detail.residual,
          value: t(locale, 'risks.detail.levelValue', {
            level: s.levels[residualLevel(a)],
            likelihood: a.residualLikelihood,
            consequence: a.residualConsequence,
          }),
        },
        { title: s.detail.treatment, value: s.treatments[a.treatment] },
        ...(options.acceptance && options.acceptance !== 'notNeeded'
          ? [{ title: s.acceptance.label, value: acceptanceText(locale, options.acceptance, risk) }]
          : []),
        {
          title: s.detail.nextReview,
          value:
            a.nextReview < danishToday(options.now)
              ? t(locale, 'risks.detail.overdue', { date: reviewDate(a.nextReview, locale) })
              : reviewDate(a.nextReview, locale),
        },
      ]
    : [];
  const render = (textMax: number) =>
    expandCard('risks/detail', {
      title: shorten(risk.title, 200),
      banner: options.banner?.text ?? '',
      bannerColor: options.banner?.isError ? 'Attention' : 'Good',
      scenario: shorten(risk.scenario, textMax),
      facts,
      textFacts: [
        { title: s.detail.concerns, value: shorten(concernsText(locale, risk), textMax) },
        { title: s.detail.owner, value: risk.ownerName },
        ...(risk.incidents?.length
          ? [{ title: s.detail.incidents, value: risk.incidents.map((incident) => incident.number).join(', ') }]
          : []),
        ...(a
          ? [
              {
                title: s.detail.assessedBy,
                value: t(locale, 'risks.detail.assessedByValue', {
                  date: formatDate(a.assessedAt, locale),
                  name: a.assessedByName,
                }),
              },
            ]
          : []),
      ],
      note: [
        a ? '' : s.detail.notAssessed,
        options.reopenedBy?.length
          ? t(locale, 'risks.detail.reopened', { systems: shorten(options.reopenedBy.join(', '), 300) })
          : '',
        options.canChange ? '' : s.detail.readOnly,
      ]
        .filter(Boolean)
        .join(' '),
      historyTitle: s.detail.history,
      history: options.history
        .slice(-HISTORY_SHOWN)
        .reverse()
        .map((entry) => ({
          line: t(locale, 'risks.detail.historyLine', {
            date: formatDate(entry.at, locale),
            name: entry.byName,
            action: s.detail.actions[entry.action],
          }),
        })),
      canChange: options.canChange,
      canAccept: options.canAccept ?? false,
      canLink: options.canLink ?? false,
      linkTitle: s.detail.linkIncident,
      incidentLabel: s.detail.incidentLabel,
      typedIncident: options.incident?.typed ?? '',
      incidentError: options.incident?.error ?? '',
      linkAction: s.detail.link,
      acceptTitle: s.acceptance.request,
      measuresTitle: t(locale, 'measures.riskCard.open', {
        open: (risk.measures ?? []).filter((measure) => !measure.done).length,
      }),
      version: risk.version,
      assessTitle: s.detail.assess,
      editTitle: s.detail.edit,
      registerTitle: s.detail.register,
      id: risk.id,
    });
  return fitCard([2000, 500], render);
}

/** Where the acceptance stands, in words, with its expiry where it has one. */
function acceptanceText(locale: Locale, status: Exclude<AcceptanceStatus, 'notNeeded'>, risk: RiskRecord): string {
  const date = risk.acceptance?.expiresOn ? reviewDate(risk.acceptance.expiresOn, locale) : '';
  return t(locale, `risks.acceptance.${status}`, { date });
}
