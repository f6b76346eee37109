import { randomUUID } from 'node:crypto';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../bot/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate, formatLocal, gdprDeadline, hoursLeft, toLocalInputs } from './deadlines';
import {
  incidentKinds,
  isMeasureLate,
  isOpen,
  personalDataAnswers,
  personalDataKinds,
  severities,
  type BreachDecision,
  type HistoryEntry,
  type Incident,
} from './model';
import type { IncidentListItem } from './list-item';
import { nis2StepViews } from './nis2-card';
import { reportFieldIds, type ReportInputs } from './report-form';
import { nextStates } from './transitions';

/** Every key present, so the template never shows an unresolved expression. */
const complete = (keys: readonly string[], values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(keys.map((key) => [key, values[key] ?? '']));

const localizeErrors = (locale: Locale, keys: readonly string[], errors: Record<string, string>) =>
  complete(keys, Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(locale, key)])));

interface ReportOptions {
  values?: ReportInputs;
  errors?: Record<string, string>;
  banner?: string;
  draftId?: string;
  now: Date;
  /** Registered systems to choose from (P4); free text when none. */
  systemNames?: string[];
  /** The registered systems a typed name matched, to choose among (after a submit). */
  systemMatches?: string[];
}

/**
 * The report card (P1). Re-shown with the user's values and the errors after a failed submit;
 * `draftId` stays the same across re-shows so a double submit stores one incident.
 *
 * @remarks The register's systems are offered as a list while the card stays within the budget
 * (a municipality's few hundred systems may not): else the reporter types the name, and the
 * submit finds it in the register (`matchSystem`), offering the matches when several fit.
 */
export function reportCard(locale: Locale, options: ReportOptions): AdaptiveCard {
  return fitCard([true, false], (listAll) => renderReport(locale, options, listAll));
}

function renderReport(locale: Locale, options: ReportOptions, listAll: boolean): AdaptiveCard {
  const strings = stringsFor(locale).incidents;
  const systemNames = options.systemNames ?? [];
  const choices = options.systemMatches ?? (listAll ? systemNames : []);
  const defaults = toLocalInputs(options.now);
  const values = complete(reportFieldIds, {
    discoveredDate: defaults.date,
    discoveredTime: defaults.time,
    ...options.values,
  });
  return expandCard('incidents/report', {
    s: strings.report,
    e: strings.errors,
    banner: options.banner ?? '',
    v: values,
    errors: localizeErrors(locale, reportFieldIds, options.errors ?? {}),
    kindChoices: incidentKinds.map((value) => ({ title: strings.kinds[value], value })),
    personalDataChoices: personalDataAnswers.map((value) => ({ title: strings.personalDataAnswers[value], value })),
    personalDataKindChoices: personalDataKinds.map((value) => ({ title: strings.personalDataKinds[value], value })),
    hasSystems: systemNames.length > 0,
    systemChoice: choices.length > 0,
    systemChoices: choices.map((name) => ({ title: name, value: name })),
    systemHint:
      systemNames.length > 0 && choices.length === 0
        ? t(locale, 'incidents.report.systemHint', { count: systemNames.length })
        : '',
    draftId: options.draftId ?? randomUUID(),
  });
}

/** The reporter's receipt with the incident number and what happens next (P1). */
export function confirmationCard(locale: Locale, incident: Incident): AdaptiveCard {
  return expandCard('incidents/confirmation', {
    s: stringsFor(locale).incidents.confirmation,
    numberLine: t(locale, 'incidents.confirmation.number', { number: incident.number }),
    title: incident.title,
    isBreach: incident.isBreach,
    menu: t(locale, 'common.backToMenu'),
  });
}

const metaLine = (locale: Locale, incident: Pick<Incident, 'kind' | 'severity' | 'reportedAt'>): string => {
  const strings = stringsFor(locale).incidents;
  return [
    strings.kindsShort[incident.kind],
    incident.severity ? strings.severities[incident.severity] : undefined,
    t(locale, 'incidents.list.reported', { date: formatDate(incident.reportedAt, locale) }),
  ]
    .filter(Boolean)
    .join(' · ');
};

/** Where a page of the open list stands: the number it starts after, and the next page's. */
interface PagePlace {
  after?: string;
  next?: string;
}

/** How many a page of the open list shows, and whether more follow. */
function pageLine(locale: Locale, count: number, page: PagePlace): string {
  if (count === 0) return '';
  const key = page.after ? (page.next ? 'pageAfterMore' : 'pageAfter') : page.next ? 'pageFirstMore' : 'pageAll';
  return t(locale, `incidents.list.${key}`, { count, number: page.after ?? '' });
}

/** What the open list says when a page is empty: none at all, none matching, or none after a number. */
function openEmpty(locale: Locale, page: PagePlace, filtered: boolean): string {
  if (page.after) return t(locale, 'incidents.list.openEmptyAfter', { number: page.after });
  return t(locale, filtered ? 'incidents.list.openEmptyFiltered' : 'incidents.list.openEmpty');
}

interface ListOptions {
  kind: 'mine' | 'open';
  incidents: IncidentListItem[];
  isCoordinator: boolean;
  today?: string;
  filter?: { kind?: string; severity?: string };
  page?: PagePlace;
}

/**
 * How many incidents and overdue measures a page shows, and how much of each title and measure.
 * A page with long titles and many overdue measures can be over the budget: it then shows fewer
 * rows, and the next page starts after the last one shown, so paging skips none.
 */
const LIST_FITS: readonly { rows: number; overdue: number; text: number; title: number }[] = [
  { rows: Infinity, overdue: 30, text: Infinity, title: Infinity },
  { rows: Infinity, overdue: 15, text: 100, title: Infinity },
  { rows: 40, overdue: 10, text: 80, title: 80 },
  { rows: 30, overdue: 5, text: 60, title: 60 },
  { rows: 20, overdue: 3, text: 40, title: 60 },
];

/**
 * A list of incidents: the reporter's own, or a page of the coordinator's open list with overdue
 * measures, saying how many it shows, with buttons to the next and back to the first page (same filter).
 * Within the card budget it lists fewer overdue measures, saying how many more there are.
 */
export function listCard(locale: Locale, options: ListOptions): AdaptiveCard {
  return fitCard(LIST_FITS, (fit) => renderList(locale, options, fit));
}

function renderList(locale: Locale, options: ListOptions, fit: (typeof LIST_FITS)[number]): AdaptiveCard {
  const isOpenList = options.kind === 'open';
  const incidents = options.incidents.slice(0, fit.rows);
  const last = incidents.at(-1);
  const page =
    incidents.length < options.incidents.length && last ? { ...options.page, next: last.number } : (options.page ?? {});
  const strings = stringsFor(locale).incidents;
  const overdue =
    isOpenList && options.today
      ? incidents.flatMap((incident) =>
          incident.openMeasures
            .filter((measure) => isMeasureLate(measure, options.today as string))
            .map((measure) => ({
              number: incident.number,
              text: shorten(measure.text, fit.text),
              line: t(locale, 'incidents.triage.measureLine', {
                owner: measure.owner,
                due: formatDate(measure.dueDate, locale),
              }),
            })),
        )
      : [];
  return expandCard('incidents/list', {
    heading: isOpenList ? strings.list.openTitle : strings.list.mineTitle,
    empty: isOpenList
      ? openEmpty(locale, page, Boolean(options.filter?.kind || options.filter?.severity))
      : strings.list.mineEmpty,
    openTitle: strings.list.open,
    items: incidents.map((incident) => ({
      number: incident.number,
      state: strings.states[incident.state],
      title: shorten(incident.title, fit.title),
      meta: metaLine(locale, incident),
    })),
    pageLine: pageLine(locale, incidents.length, page),
    paging: {
      isOpen: isOpenList,
      hasFirst: Boolean(page.after),
      hasNext: Boolean(page.next),
      next: page.next ?? '',
      firstTitle: strings.list.firstPage,
      nextTitle: strings.list.nextPage,
    },
    overdueHeading: strings.list.overdueTitle,
    overdue: overdue.slice(0, fit.overdue),
    overdueMore:
      overdue.length > fit.overdue
        ? t(locale, 'incidents.list.overdueMore', { count: overdue.length - fit.overdue })
        : '',
    isCoordinator: options.isCoordinator && isOpenList,
    showFilter: options.isCoordinator && isOpenList,
    filter: {
      kindLabel: strings.list.filterKind,
      severityLabel: strings.list.filterSeverity,
      apply: strings.list.filter,
      kind: options.filter?.kind ?? '',
      severity: options.filter?.severity ?? '',
      kinds: [
        { title: strings.list.filterAll, value: '' },
        ...incidentKinds.map((value) => ({ title: strings.kindsShort[value], value })),
      ],
      severities: [
        { title: strings.list.filterAll, value: '' },
        ...severities.map((value) => ({ title: strings.severities[value], value })),
      ],
    },
    exportTitle: strings.list.export,
    menu: t(locale, 'common.backToMenu'),
  });
}

/** The facts everyone allowed to see the incident reads (reporter's view and triage). */
function facts(locale: Locale, incident: Incident) {
  const strings = stringsFor(locale).incidents;
  const d = strings.detail;
  const list = [
    { title: d.state, value: strings.states[incident.state] },
    { title: d.kind, value: strings.kindsShort[incident.kind] },
    { title: d.reported, value: formatLocal(incident.reportedAt, locale) },
    { title: d.discovered, value: formatLocal(incident.discoveredAt, locale) },
  ];
  if (incident.occurredAt) list.push({ title: d.occurred, value: formatLocal(incident.occurredAt, locale) });
  list.push({
    title: d.personalData,
    value: [
      strings.personalDataAnswers[incident.personalData],
      ...incident.personalDataKinds.map((kind) => strings.personalDataKinds[kind]),
    ].join(', '),
  });
  if (incident.affectedPeople !== undefined || incident.affectedRecords !== undefined) {
    list.push({ title: d.affected, value: `${incident.affectedPeople ?? '–'} / ${incident.affectedRecords ?? '–'}` });
  }
  return list;
}

/** User-written facts, shown as plain text runs (never markdown). */
function textFacts(locale: Locale, incident: Incident, withReporter: boolean, max = Infinity) {
  const d = stringsFor(locale).incidents.detail;
  return [
    withReporter ? { title: d.reporter, value: incident.reporterName } : undefined,
    incident.systemName ? { title: d.system, value: incident.systemName } : undefined,
    incident.actionsTaken ? { title: d.actionsTaken, value: shorten(incident.actionsTaken, max) } : undefined,
    incident.contact ? { title: d.contact, value: shorten(incident.contact, max) } : undefined,
  ].filter((fact): fact is { title: string; value: string } => fact !== undefined);
}

/** The reporter's read-only view of their own incident (P1). */
export function detailCard(locale: Locale, incident: Incident): AdaptiveCard {
  const strings = stringsFor(locale).incidents;
  return expandCard('incidents/detail', {
    heading: t(locale, 'incidents.detail.title', { number: incident.number }),
    title: incident.title,
    facts: facts(locale, incident),
    descriptionLabel: strings.detail.description,
    description: incident.description,
    textFacts: textFacts(locale, incident, false),
    mineTitle: strings.confirmation.mine,
    menu: t(locale, 'common.backToMenu'),
  });
}

/** Teams refreshes a card for at most 60 users, named by MRI. */
export const refreshUserIds = (coordinatorIds: string[]): string[] =>
  coordinatorIds.slice(0, 60).map((id) => `8:orgid:${id}`);

/** The channel post: no details, so only coordinators (through refresh) see the incident itself (P10). */
export function noticeCard(locale: Locale, incident: Incident, coordinatorIds: string[]): AdaptiveCard {
  const strings = stringsFor(locale).incidents;
  return expandCard('incidents/notice', {
    number: incident.number,
    coordinatorIds: refreshUserIds(coordinatorIds),
    heading: t(locale, 'incidents.notice.title', { number: incident.number }),
    body: t(locale, 'incidents.notice.body', {
      kind: strings.kindsShort[incident.kind],
      date: formatLocal(incident.reportedAt, locale),
    }),
    openTitle: strings.notice.open,
  });
}

/** Tells the reporter that their incident was resolved, closed or judged not an incident. */
export function statusCard(locale: Locale, incident: Incident): AdaptiveCard {
  const strings = stringsFor(locale).incidents;
  const body =
    incident.state === 'resolved' || incident.state === 'closed' || incident.state === 'notAnIncident'
      ? strings.status[incident.state]
      : '';
  return expandCard('incidents/status', {
    heading: t(locale, 'incidents.status.title', { number: incident.number }),
    title: incident.title,
    body,
    openTitle: strings.list.open,
    number: incident.number,
  });
}

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
  'measureText',
  'measureOwner',
  'measureDue',
  'decision',
  'justification',
  'consequences',
  'notifiedDate',
  'delayReason',
  'awarenessDate',
  'awarenessReason',
] as const;

const triageInputIds = [
  'state',
  'severity',
  'assignee',
  'isBreach',
  'nis2Significant',
  'comment',
  'measureText',
  'measureOwner',
  'measureDue',
  'decision',
  'justification',
  'consequences',
  'notifiedDate',
  'notifiedTime',
  'reference',
  'subjectsInformed',
  'delayReason',
  'awarenessDate',
  'awarenessTime',
  'awarenessReason',
] as const;

/**
 * The values of the triage card's inputs: what the user typed when the card comes back with an
 * error, else what is stored (empty for the inputs that add something new).
 */
function triageValues(incident: Incident, awareness: Date, entered: Record<string, string>): Record<string, string> {
  const decision = incident.breachDecision;
  const awarenessInputs = toLocalInputs(awareness);
  const stored: Record<string, string> = {
    state: incident.state,
    severity: incident.severity ?? '',
    assignee: incident.assignee ?? '',
    isBreach: String(incident.isBreach),
    nis2Significant: String(incident.nis2Significant),
    decision: decision ? (decision.notify ? 'notify' : 'notNotify') : '',
    justification: decision?.justification ?? '',
    consequences: decision?.consequences ?? '',
    ...(decision?.notifiedAt
      ? { notifiedDate: toLocalInputs(decision.notifiedAt).date, notifiedTime: toLocalInputs(decision.notifiedAt).time }
      : {}),
    reference: decision?.reference ?? '',
    subjectsInformed: decision?.dataSubjectsInformed ?? 'notRequired',
    delayReason: decision?.delayReason ?? '',
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
  { history: 2, comment: 60, description: 300, text: 120, measure: 30, owner: 16, compact: true, lines: false },
];

/**
 * The coordinator's triage card (P1–P3): facts, plan, breach clock, NIS2 reports, triage inputs,
 * measures, decision, history. Within the card budget: when everything does not fit, it shows the
 * newest history and shorter texts and says so (nothing stored is touched).
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
  const awareness = new Date(incident.awarenessAt ?? incident.reportedAt);
  const deadline = gdprDeadline(awareness);
  const left = hoursLeft(deadline, now);
  const decision = incident.breachDecision;
  const today = toLocalInputs(now).date;
  const open = incident.measures.filter((measure) => !measure.done);
  const done = incident.measures.length - open.length;
  const history = options.history.slice(-fit.history);
  return expandCard('incidents/triage', {
    s: { ...tr, descriptionLabel: strings.detail.description },
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
    breachStyle: decision ? 'good' : left < 24 ? 'attention' : 'warning',
    breach: {
      deadline: t(locale, 'incidents.triage.gdprDeadline', { deadline: formatLocal(deadline, locale) }),
      left: decision
        ? ''
        : left >= 0
          ? t(locale, 'incidents.triage.gdprLeft', { hours: left })
          : t(locale, 'incidents.triage.gdprPassed', { hours: -left }),
      awareness: t(locale, 'incidents.triage.awareness', { at: formatLocal(awareness, locale) }),
      decision: decision
        ? t(locale, 'incidents.triage.decisionRecorded', {
            at: formatLocal(decision.decidedAt, locale),
            by: decision.decidedBy,
            decision: decision.notify ? tr.decisionNotify : tr.decisionNotNotify,
          })
        : '',
      details: decision ? decisionDetails(locale, decision) : '',
    },
    isNis2: incident.nis2Significant,
    nis2Awareness: t(locale, 'incidents.triage.nis2Awareness', { at: formatLocal(awareness, locale) }),
    nis2Steps: nis2StepViews(locale, incident, now, options.errors, options.entered),
    v: triageValues(incident, awareness, options.entered ?? {}),
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
        : t(locale, 'incidents.triage.measureLine', {
            owner: shorten(measure.owner, fit.owner),
            due: formatDate(measure.dueDate, locale),
          }),
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
      comment: shorten(entry.comment ?? '', fit.comment),
    })),
  });
}

/** When Datatilsynet was notified and under which reference, and the art. 34 answer, as recorded. */
function decisionDetails(locale: Locale, decision: BreachDecision): string {
  return [
    decision.notify && decision.notifiedAt
      ? t(locale, 'incidents.triage.decisionNotifiedAt', { at: formatLocal(decision.notifiedAt, locale) })
      : '',
    decision.reference ? t(locale, 'incidents.triage.decisionReference', { reference: decision.reference }) : '',
    t(locale, 'incidents.triage.decisionSubjects', {
      answer: subjectsInformedText(locale, decision.dataSubjectsInformed),
    }),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The art. 34 answer as the card and the CSV say it. */
export function subjectsInformedText(locale: Locale, answer: BreachDecision['dataSubjectsInformed']): string {
  const tr = stringsFor(locale).incidents.triage;
  return { yes: tr.subjectsYes, no: tr.subjectsNo, notRequired: tr.subjectsNotRequired }[answer];
}
