import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { facts, localizeErrors, refreshUserIds, textFacts } from './card-parts';
import { formatDate, formatLocal, toLocalInputs } from './deadlines';
import { awarenessLine, breachClock } from './breach-clock';
import { gdprAwareness } from './awareness';
import { describeChanges } from './history-text';
import { isMeasureLate, isOpen, severities, type HistoryEntry, type Incident } from './model';
import { nis2StepViews } from './nis2-card';
import { ownerStatusText } from './measure-cards';
import { nextStates } from './transitions';

/** Links to contingency plans (P2): general and breach plans from configuration, a system's own from the register. */
export interface PlanLinks {
  generalPlan?: string;
  breachPlan?: string;
  systemPlan?: string;
}

function plan(locale: Locale, incident: Incident, links: PlanLinks): { title: string; url: string } {
  if (incident.isBreach || incident.kind === 'personalData')
    return { title: t(locale, 'incidents.triage.planBreach'), url: links.breachPlan ?? '' };
  if (incident.kind === 'system') {
    return {
      title: t(locale, 'incidents.triage.planSystem', { system: incident.systemName ?? '' }),
      url: links.systemPlan ?? '',
    };
  }
  return { title: t(locale, 'incidents.triage.planGeneral'), url: links.generalPlan ?? '' };
}

const triageErrorFields = [
  'state',
  'severity',
  'assignee',
  'comment',
  'confirmOpenMeasures',
  'awarenessRegime',
  'awarenessDate',
  'awarenessReason',
] as const;

/**
 * Which collapsed section of the card holds each input with an error, so that section is shown open
 * (#15). The breach decision has its own card (`breach-decision-card.ts`).
 */
const sectionOf: Record<string, 'measures' | 'awareness'> = {
  awarenessRegime: 'awareness',
  awarenessDate: 'awareness',
  awarenessReason: 'awareness',
};

/** The sections shown open: those with an error in them (the NIS2 section when a step's date has one). */
function openSections(errors: Record<string, string>): Record<'measures' | 'awareness' | 'nis2', boolean> {
  const open = { measures: false, awareness: false, nis2: false };
  for (const id of Object.keys(errors)) {
    const section = sectionOf[id];
    if (section) open[section] = true;
    else if (id.startsWith('nis2')) open.nis2 = true;
  }
  return open;
}

const triageInputIds = [
  'state',
  'severity',
  'assigneePick',
  'assignee',
  'isBreach',
  'nis2Significant',
  'comment',
  'confirmOpenMeasures',
  'awarenessRegime',
  'awarenessDate',
  'awarenessTime',
  'awarenessReason',
] as const;

/**
 * The values of the triage card's inputs: what the user typed when the card comes back with an
 * error, else what is stored (empty for the inputs that add something new).
 */
function triageValues(incident: Incident, entered: Record<string, string>): Record<string, string> {
  const awarenessInputs = toLocalInputs(gdprAwareness(incident));
  const stored: Record<string, string> = {
    state: incident.state,
    severity: incident.severity ?? '',
    assignee: incident.assignee ?? '',
    isBreach: String(incident.isBreach),
    nis2Significant: String(incident.nis2Significant),
    awarenessRegime: incident.isBreach ? 'gdpr' : 'nis2',
    confirmOpenMeasures: 'false',
    awarenessDate: awarenessInputs.date,
    awarenessTime: awarenessInputs.time,
  };
  return Object.fromEntries(triageInputIds.map((id) => [id, entered[id] ?? stored[id] ?? '']));
}

interface TriageOptions {
  incident: Incident;
  history: HistoryEntry[];
  coordinatorIds: string[];
  links: PlanLinks;
  now: Date;
  banner?: { text: string; isError: boolean };
  errors?: Record<string, string>;
  /** What the user typed into the card's inputs, shown again with an error (by input id). */
  entered?: Record<string, string>;
}

/** How much of what users typed the triage card shows: history rows and the length of each shown text. */
interface TriageFit {
  history: number;
  comment: number;
  description: number;
  text: number;
  measure: number;
  /** A measure's owner where the card is compact. */
  owner: number;
  /** Open measures with one "mark as done" choice instead of a button each; measures done counted, not listed. */
  compact: boolean;
  /** With `compact`: each open measure's line besides its choice (the choice alone at the leanest). */
  lines: boolean;
}

const all = Infinity;

/**
 * Tried in order until the card fits the budget. A card with everything at the limits (4,000
 * characters of description, 50 measures of 500, comments of 1,000) is about 145 KB in full. The
 * inputs always keep their whole stored value: saving a form must never cut what is stored.
 */
const TRIAGE_FITS: readonly TriageFit[] = [
  { history: 30, comment: all, description: all, text: all, measure: all, owner: all, compact: false, lines: true },
  { history: 10, comment: 200, description: 1500, text: 500, measure: 200, owner: all, compact: false, lines: true },
  { history: 5, comment: 100, description: 800, text: 200, measure: 100, owner: 40, compact: true, lines: true },
  { history: 2, comment: 60, description: 200, text: 120, measure: 30, owner: 16, compact: true, lines: false },
];

/**
 * The coordinator's triage card (P1–P3): facts, plan, breach clock (the decision on its own card,
 * `breach-decision-card.ts`), NIS2 reports (the intermediate and progress reports on their own card),
 * triage inputs, measures, history. Within the card budget: when everything does not fit, it shows
 * the newest history and shorter texts and says so (nothing stored is touched).
 */
export function triageCard(locale: Locale, options: TriageOptions): AdaptiveCard {
  return fitCard(TRIAGE_FITS, (fit) => renderTriage(locale, options, fit));
}

function renderTriage(locale: Locale, options: TriageOptions, fit: TriageFit): AdaptiveCard {
  const { incident, now } = options;
  const shortened = fit !== TRIAGE_FITS[0];
  const strings = stringsFor(locale).incidents;
  const tr = strings.triage;
  const planLink = plan(locale, incident, options.links);
  const clock = breachClock(locale, incident, now);
  const today = toLocalInputs(now).date;
  const open = incident.measures.filter((measure) => !measure.done);
  const done = incident.measures.length - open.length;
  const history = options.history.slice(-fit.history);
  return expandCard('incidents/triage', {
    s: { ...tr, descriptionLabel: strings.detail.description, nis2Reports: stringsFor(locale).nis2Updates.open },
    number: incident.number,
    version: incident.version,
    coordinatorIds: refreshUserIds(options.coordinatorIds),
    heading: `${incident.number} · ${strings.states[incident.state]}`,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    shortened: shortened ? tr.shortened : '',
    title: incident.title,
    facts: facts(locale, incident),
    description: shorten(incident.description, fit.description),
    textFacts: textFacts(locale, incident, true, fit.text),
    planTitle: planLink.url ? planLink.title : `${planLink.title} ${tr.planMissing}`,
    planUrl: planLink.url,
    // P3: "don't know" starts no clock by itself; the coordinator is asked to decide it soon.
    personalDataUnknown:
      incident.personalData === 'unknown' && !incident.isBreach && isOpen(incident.state) ? tr.personalDataUnknown : '',
    isBreach: incident.isBreach,
    breachStyle: clock.style,
    breach: clock,
    isNis2: incident.nis2Significant,
    nis2Awareness: awarenessLine(locale, incident, 'nis2'),
    open: openSections(options.errors ?? {}),
    showConfirmOpen:
      options.errors?.confirmOpenMeasures !== undefined || options.entered?.confirmOpenMeasures === 'true',
    confirmOpenTitle: t(locale, 'incidents.triage.confirmOpenMeasures', { count: open.length }),
    nis2Steps: nis2StepViews(locale, incident, now, options.errors, options.entered),
    v: triageValues(incident, options.entered ?? {}),
    stateChoices: nextStates(incident.state).map((value) => ({ title: strings.states[value], value })),
    severityChoices: severities.map((value) => ({ title: strings.severities[value], value })),
    errors: localizeErrors(locale, triageErrorFields, options.errors ?? {}),
    openMeasureCount: open.length,
    noMeasures: incident.measures.length === 0,
    compact: fit.compact,
    measures: (fit.compact ? (fit.lines ? open : []) : incident.measures).map((measure) => ({
      id: measure.id,
      text: shorten(measure.text, fit.measure),
      done: measure.done,
      line: measure.done
        ? t(locale, 'incidents.triage.measureDoneLine', {
            date: formatDate(measure.doneAt ?? now, locale),
            by: measure.doneBy ?? '',
          })
        : [
            t(locale, 'incidents.triage.measureLine', {
              owner: shorten(measure.owner, fit.owner),
              due: formatDate(measure.dueDate, locale),
            }),
            // #20: who has not acted, and whose owner the bot could not reach (an owner typed as
            // text before owners were people shows as it was; the measures card says more).
            measure.ownerId ? ownerStatusText(locale, measure) : '',
          ]
            .filter(Boolean)
            .join(' · '),
      lineColor: !measure.done && isMeasureLate(measure, today) ? 'Attention' : 'Default',
    })),
    doneOmitted: fit.compact && done > 0 ? t(locale, 'incidents.triage.doneOmitted', { count: done }) : '',
    openChoices: fit.compact
      ? open.map((measure) => ({
          // Beside its line the choice only needs to name the measure; alone it says it all, shortly.
          title: t(locale, 'incidents.triage.measureChoiceLine', {
            text: shorten(measure.text, fit.lines ? 40 : fit.measure),
            owner: shorten(measure.owner, fit.owner),
            due: formatDate(measure.dueDate, locale),
          }),
          value: measure.id,
        }))
      : [],
    firstOpenId: open[0]?.id ?? '',
    measuresTitle: stringsFor(locale).measures.card.open,
    // #20: the evidence has a card of its own (evidence/list); the triage card only links to it.
    evidenceTitle: t(locale, 'evidence.listButton', {
      count: (incident.files?.length ?? 0) + (incident.evidence ? 1 : 0),
    }),
    assigneeStrings: stringsFor(locale).assignee,
    doneTitle: t(locale, 'incidents.triage.measureDone', { text: '' }).replace(/[:\s]+$/, ''),
    historyOmitted:
      history.length < options.history.length
        ? t(locale, 'incidents.triage.historyOmitted', { shown: history.length, count: options.history.length })
        : '',
    history: history.map((entry) => ({
      line: t(locale, 'incidents.triage.historyLine', {
        at: formatLocal(entry.at, locale),
        by: entry.byName,
        action: tr.actions[entry.action],
      }),
      what: shorten(describeChanges(locale, entry), fit.comment),
      comment: shorten(entry.comment ?? '', fit.comment),
    })),
  });
}

/** The art. 34 answer as said on cards, the CSV and the document (kept here for the modules that import it). */
export { subjectsText } from './breach-clock';
