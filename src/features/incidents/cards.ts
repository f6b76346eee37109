import { randomUUID } from 'node:crypto';
import { REPORTER_LINES } from './reporter-history';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate, formatLocal, toLocalInputs } from './deadlines';
import {
  incidentKinds,
  isMeasureLate,
  isOpen,
  personalDataAnswers,
  personalDataKinds,
  severities,
  type Incident,
} from './model';
import type { IncidentListItem } from './list-item';
import { reportFieldIds, type ReportInputs } from './report-form';
import { complete, evidenceFacts, facts, localizeErrors, refreshUserIds, textFacts } from './card-parts';
import type { MessageEvidence } from './message-evidence';

export interface ReportOptions {
  values?: ReportInputs;
  errors?: Record<string, string>;
  banner?: string;
  draftId?: string;
  now: Date;
  /** Registered systems to choose from (P4); free text when none. */
  systemNames?: string[];
  /** The registered systems a typed name matched, to choose among (after a submit). */
  systemMatches?: string[];
  /** Shown in a Teams dialog (a message action): `Action.Submit`, which dialogs take, and no menu button. */
  dialog?: boolean;
  /** The message the report is made from, shown read-only above the inputs. */
  evidence?: MessageEvidence;
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
    dialog: options.dialog === true,
    hasEvidence: options.evidence !== undefined,
    evidenceFacts: options.evidence ? evidenceFacts(locale, options.evidence) : [],
    evidenceText: options.evidence?.text ?? '',
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
    // #20: a screenshot or the phishing mail itself, sent next in the chat.
    number: incident.number,
    attachTitle: t(locale, 'evidence.attach'),
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

/** The reporter's read-only view of their own incident (P1). */
export function detailCard(locale: Locale, incident: Incident, history: string[] = []): AdaptiveCard {
  const strings = stringsFor(locale).incidents;
  const shown = history.slice(-REPORTER_LINES);
  return expandCard('incidents/detail', {
    historyHeading: history.length > 0 ? t(locale, 'reporterView.heading') : '',
    history: shown.map((line) => ({ line })),
    historyOmitted: shown.length < history.length ? t(locale, 'reporterView.omitted', { count: shown.length }) : '',
    heading: t(locale, 'incidents.detail.title', { number: incident.number }),
    title: incident.title,
    facts: facts(locale, incident),
    descriptionLabel: strings.detail.description,
    description: incident.description,
    textFacts: textFacts(locale, incident, false),
    mineTitle: strings.confirmation.mine,
    menu: t(locale, 'common.backToMenu'),
    // #20: the reporter adds evidence while her report is open.
    canAttach: isOpen(incident.state),
    number: incident.number,
    attachTitle: t(locale, 'evidence.attach'),
  });
}

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
