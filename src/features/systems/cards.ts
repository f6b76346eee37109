import { randomUUID } from 'node:crypto';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate, formatLocal, toLocalInputs } from '../incidents/deadlines';
import { personalDataKinds } from '../incidents/model';
import type { Screening } from '../dpia/model';
import { criticalityCategories, type RiskAssessmentIntervals } from './criticality';
import { riskAssessmentDue, type DueReason } from './due';
import { criticalityFields, criticalityInputs, impacts, systemFields, type FormInputs } from './form';
import { majorChangeAreas, type SystemHistoryEntry, type SystemRecord } from './model';
import { screeningTriggers } from '../dpia/model';

/** Every key present, so the template never shows an unresolved expression. */
const complete = (keys: readonly string[], values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(keys.map((key) => [key, values[key] ?? '']));
const localizeErrors = (locale: Locale, keys: readonly string[], errors: Record<string, string>) =>
  complete(keys, Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(locale, key)])));

/** The next-due line of a system (P4, P8), from when its risk assessment is due and why. */
export function dueLine(locale: Locale, due: { dueAt: Date; reason: DueReason }, now: Date): string {
  const { dueAt, reason } = due;
  if (reason === 'missing') return t(locale, 'systems.detail.dueMissing');
  if (reason === 'majorChange') return t(locale, 'systems.detail.dueChange', { date: formatDate(dueAt, locale) });
  return t(locale, dueAt <= now ? 'systems.detail.dueOverdue' : 'systems.detail.dueOn', {
    date: formatDate(dueAt, locale),
  });
}

/**
 * The category as the register shows it: confirmed, proposed and awaiting the coordinator, or both when a
 * newer proposal differs from the confirmed category (which holds until the coordinator confirms again).
 */
function categoryLine(locale: Locale, system: SystemRecord): string {
  const categories = stringsFor(locale).systems.categories;
  const criticality = system.criticality;
  if (!criticality) return categories.unclassified;
  const proposal = t(locale, 'systems.detail.proposed', { category: categories[criticality.proposed] });
  if (!criticality.category) return proposal;
  const newer = criticality.answeredAt > (criticality.confirmedAt ?? '');
  return newer && criticality.proposed !== criticality.category
    ? `${categories[criticality.category]} · ${proposal}`
    : categories[criticality.category];
}

/**
 * The register form (P4), new or edit; re-shown with the values and errors after a failed save.
 * A new system's `draftId` stays the same across re-shows, so a repeated save stores one system.
 */
export function systemFormCard(
  locale: Locale,
  options: {
    system?: SystemRecord;
    values?: FormInputs;
    errors?: Record<string, string>;
    banner?: string;
    draftId?: string;
  },
): AdaptiveCard {
  const strings = stringsFor(locale).systems;
  const system = options.system;
  const current: FormInputs = system
    ? {
        name: system.name,
        purpose: system.purpose,
        supplier: system.supplier,
        owner: system.ownerId,
        plan: system.contingencyPlanUrl ?? '',
        personalData: system.personalData ? 'yes' : 'no',
        personalDataKinds: system.personalDataKinds.join(','),
      }
    : {};
  return expandCard('systems/form', {
    heading: system ? t(locale, 'systems.form.titleEdit', { name: system.name }) : strings.form.titleNew,
    s: strings.form,
    e: strings.errors,
    banner: options.banner ?? '',
    v: complete(systemFields, { ...current, ...options.values }),
    ownerPick: options.values?.ownerPick ?? '',
    errors: localizeErrors(locale, systemFields, options.errors ?? {}),
    kindChoices: personalDataKinds.map((value) => ({
      title: stringsFor(locale).incidents.personalDataKinds[value],
      value,
    })),
    id: system?.id ?? '',
    version: system?.version ?? 0,
    draftId: system ? '' : (options.draftId ?? randomUUID()),
  });
}

const detailErrorFields = ['riskDate', 'riskSummary', 'riskLink', 'changeArea', 'changeDescription'] as const;

/** What the system card shows, and to whom. */
export interface SystemDetailOptions {
  system: SystemRecord;
  history: SystemHistoryEntry[];
  screening?: Screening;
  isCoordinator: boolean;
  now: Date;
  banner?: { text: string; isError: boolean };
  errors?: Record<string, string>;
  /** What was typed in the risk assessment or major change form, re-shown after an error. */
  values?: FormInputs;
  /** Months between risk assessments per category, as configured (P4). */
  intervals?: Partial<RiskAssessmentIntervals>;
}

/**
 * One system for its owner or the coordinator (P4, P5, P8): facts, risk assessment, screening, actions, history.
 *
 * @remarks Within the card budget: the newest changes, older ones counted as not shown, and
 * long texts shortened; the full texts stay in the register and open in the edit form.
 */
export function systemDetailCard(locale: Locale, options: SystemDetailOptions): AdaptiveCard {
  return fitCard(DETAIL_STEPS, ([changes, commentMax, textMax]) =>
    renderDetail(locale, options, changes, commentMax, textMax),
  );
}

/** Changes shown, their comments' length and the other texts' length, tried in order until the card fits. */
const DETAIL_STEPS: readonly [number, number, number][] = [
  [20, Infinity, Infinity],
  [10, 400, Infinity],
  [10, 200, 500],
  [5, 120, 300],
];

function renderDetail(
  locale: Locale,
  options: SystemDetailOptions,
  changes: number,
  commentMax: number,
  textMax: number,
): AdaptiveCard {
  const { system, screening, now } = options;
  const strings = stringsFor(locale).systems;
  const d = strings.detail;
  const criticality = system.criticality;
  const dpia = stringsFor(locale).dpia;
  const screeningLine = !screening
    ? d.screeningNone
    : screening.answer
      ? t(locale, 'systems.detail.screeningAnswered', {
          outcome: dpia.outcome.outcomes[screening.answer.result.outcome],
          date: formatDate(screening.answer.answeredAt, locale),
        })
      : t(locale, 'systems.detail.screeningPending', { date: formatDate(screening.requestedAt, locale) });
  const facts = [
    {
      title: d.category,
      value: categoryLine(locale, system),
    },
    {
      title: d.personalData,
      value: system.personalData
        ? system.personalDataKinds.map((kind) => stringsFor(locale).incidents.personalDataKinds[kind]).join(', ')
        : d.none,
    },
    { title: d.nextDue, value: dueLine(locale, riskAssessmentDue(system, options.intervals), now) },
    { title: d.screening, value: screeningLine },
  ];
  const last = system.lastRiskAssessment;
  const omitted = Math.max(0, options.history.length - changes);
  const textFacts = [
    { title: d.purpose, value: shorten(system.purpose, textMax) },
    { title: d.supplier, value: shorten(system.supplier, textMax) },
    // An imported system whose owner Teams did not know has none yet: say so (docs/IMPORT.md).
    { title: d.owner, value: system.ownerName || system.ownerId || d.noOwner },
    criticality?.overrideReason
      ? { title: d.category, value: shorten(criticality.overrideReason, textMax) }
      : undefined,
    {
      title: d.lastRisk,
      value: last
        ? `${t(locale, 'systems.detail.riskLine', { date: formatDate(last.date, locale), by: last.by })} – ${shorten(last.summary, textMax)}`
        : d.none,
    },
    system.pendingChange
      ? {
          title: d.majorChange,
          value: `${t(locale, 'systems.detail.pendingChange', {
            area: strings.changeAreas[system.pendingChange.area],
            date: formatDate(system.pendingChange.at, locale),
          })}${shorten(system.pendingChange.description, textMax)}`,
        }
      : undefined,
    system.contingencyPlanUrl ? undefined : { title: d.plan, value: d.planMissing },
  ].filter((fact): fact is { title: string; value: string } => fact !== undefined);
  return expandCard('systems/detail', {
    id: system.id,
    version: system.version,
    name: system.name,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    s: d,
    e: strings.errors,
    errors: localizeErrors(locale, detailErrorFields, options.errors ?? {}),
    facts,
    textFacts,
    planUrl: system.contingencyPlanUrl ?? '',
    riskUrl: last?.link ?? '',
    historyOmitted: omitted > 0 ? t(locale, 'systems.detail.historyOmitted', { count: omitted }) : '',
    history: options.history.slice(omitted).map((entry) => ({
      line: t(locale, 'systems.detail.historyLine', {
        at: formatLocal(entry.at, locale),
        by: entry.byName,
        action: strings.actions[entry.action],
      }),
      comment: shorten(entry.comment ?? '', commentMax),
    })),
    today: options.values?.riskDate ?? toLocalInputs(now).date,
    v: complete(['riskSummary', 'riskLink', 'changeArea', 'changeDescription'], options.values ?? {}),
    changeAreas: majorChangeAreas.map((value) => ({ title: strings.changeAreas[value], value })),
    isCoordinator: options.isCoordinator,
    defaultTrigger: system.pendingChange ? 'majorChange' : screening ? 'changed' : 'new',
    triggers: screeningTriggers.map((value) => ({ title: dpia.triggers[value], value })),
    screeningId: screening?.id ?? '',
  });
}

/** The criticality card (P4): the criteria, the proposal with its reasons, and the coordinator's confirmation. */
export function criticalityCard(
  locale: Locale,
  options: {
    system: SystemRecord;
    isCoordinator: boolean;
    values?: FormInputs;
    errors?: Record<string, string>;
    banner?: { text: string; isError: boolean };
  },
): AdaptiveCard {
  const { system } = options;
  const strings = stringsFor(locale).systems;
  const c = strings.criticality;
  const values = complete(criticalityFields, { ...criticalityInputs(system.criticality?.answers), ...options.values });
  const errors = localizeErrors(locale, [...criticalityFields, 'overrideReason'], options.errors ?? {});
  const yesNo = [
    { title: strings.form.yes, value: 'yes' },
    { title: strings.form.no, value: 'no' },
  ];
  const labels = {
    lifeHealth: c.lifeHealthLabel,
    impact: c.impactLabel,
    statutory: c.statutoryLabel,
    sensitive: c.sensitiveLabel,
  };
  const criticality = system.criticality;
  return expandCard('systems/criticality', {
    heading: t(locale, 'systems.criticality.title', { name: system.name }),
    id: system.id,
    version: system.version,
    back: strings.detail.back,
    s: c,
    e: strings.errors,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    questions: criticalityFields.map((id) => ({
      id,
      label: labels[id],
      value: values[id],
      error: errors[id],
      choices: id === 'impact' ? impacts.map((value) => ({ title: c.impacts[value], value })) : yesNo,
    })),
    proposal: criticality
      ? t(locale, 'systems.criticality.proposal', { category: strings.categories[criticality.proposed] })
      : '',
    reasons: (criticality?.reasons ?? []).map((code) => ({ text: c.reasons[code] })),
    canConfirm: options.isCoordinator && criticality !== undefined,
    category: options.values?.category || (criticality?.category ?? criticality?.proposed ?? ''),
    overrideReason: options.values?.overrideReason ?? '',
    categories: criticalityCategories.map((value) => ({ title: strings.categories[value], value })),
    overrideError: errors.overrideReason,
  });
}

/** The coordinator channel's notice of a major change an owner recorded (P8): a new risk assessment is due. */
export function majorChangeNoticeCard(locale: Locale, system: SystemRecord): AdaptiveCard {
  const change = system.pendingChange;
  return expandCard('systems/notice', {
    heading: t(locale, 'systems.notice.changeHeading', { system: system.name }),
    body: t(locale, 'systems.notice.changeBody', {
      by: change?.by ?? '',
      area: change ? stringsFor(locale).systems.changeAreas[change.area] : '',
      description: change?.description ?? '',
    }),
    openTitle: stringsFor(locale).systems.notice.open,
    id: system.id,
  });
}
