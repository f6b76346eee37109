import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal, gdprDeadline } from './deadlines';
import type { HistoryEntry, Incident } from './model';
import { currentSupplements } from './breach-details';

/** What the DPO's breach card shows beside the record: a banner, and the advice as typed after an error. */
export interface DpoBreachOptions {
  history: HistoryEntry[];
  banner?: { text: string; isError: boolean };
  adviceValue?: string;
  adviceError?: string;
}

const awarenessOf = (incident: Incident): string => incident.awarenessAt ?? incident.reportedAt;

/**
 * The breach as the data protection officer sees it (P3, GDPR art. 39): read-only facts, the
 * coordinator's decision, every piece of advice given, and a field for more.
 *
 * @remarks Within the card budget: the description, the decision's texts and older advice are
 * shortened or left out when long (the advice typed is always kept whole).
 */
export function dpoBreachCard(locale: Locale, incident: Incident, options: DpoBreachOptions): AdaptiveCard {
  return fitCard(
    [
      { text: Infinity, advice: 20 },
      { text: 1000, advice: 10 },
      { text: 300, advice: 5 },
      { text: 100, advice: 2 },
    ],
    (fit) => renderDpoBreach(locale, incident, options, fit),
  );
}

function renderDpoBreach(
  locale: Locale,
  incident: Incident,
  options: DpoBreachOptions,
  fit: { text: number; advice: number },
): AdaptiveCard {
  const strings = stringsFor(locale);
  const s = strings.dpo.breach;
  const decision = incident.breachDecision;
  const given = options.history.filter((entry) => entry.action === 'dpoAdvice');
  const shown = given.slice(-fit.advice);
  const facts = [
    { title: s.reported, value: formatLocal(incident.reportedAt, locale) },
    { title: s.awareness, value: formatLocal(awarenessOf(incident), locale) },
    { title: s.deadline, value: formatLocal(gdprDeadline(new Date(awarenessOf(incident))), locale) },
    { title: s.state, value: strings.incidents.states[incident.state] },
    {
      title: s.personalData,
      value: incident.personalDataKinds.map((kind) => strings.incidents.personalDataKinds[kind]).join(', ') || '–',
    },
    ...(incident.affectedPeople !== undefined ? [{ title: s.affected, value: String(incident.affectedPeople) }] : []),
    { title: s.decision, value: decision ? (decision.notify ? s.notify : s.notNotify) : s.decisionPending },
    ...(decision?.notifiedAt ? [{ title: s.notifiedAt, value: formatLocal(decision.notifiedAt, locale) }] : []),
    ...(decision?.reference ? [{ title: s.reference, value: shorten(decision.reference, 200) }] : []),
    ...(decision
      ? [{ title: s.decidedBy, value: `${decision.decidedBy}, ${formatLocal(decision.decidedAt, locale)}` }]
      : []),
    ...notificationFacts(locale, incident),
  ];
  const texts = decision
    ? [
        { label: s.justification, text: shorten(decision.justification, fit.text) },
        ...(decision.consequences ? [{ label: s.consequences, text: shorten(decision.consequences, fit.text) }] : []),
      ]
    : [];
  return expandCard('incidents/dpo-breach', {
    s,
    heading: t(locale, 'dpo.breach.title', { number: incident.number }),
    number: incident.number,
    version: incident.version,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    title: shorten(incident.title, 200),
    description: shorten(incident.description, fit.text),
    facts,
    texts,
    noAdvice: given.length === 0,
    adviceOmitted:
      shown.length < given.length
        ? t(locale, 'dpo.breach.adviceOmitted', { shown: shown.length, count: given.length })
        : '',
    advice: shown.map((entry) => ({
      line: t(locale, 'dpo.breach.adviceLine', { at: formatLocal(entry.at, locale), by: entry.byName }),
      text: shorten(entry.comment ?? '', fit.text),
    })),
    adviceValue: options.adviceValue ?? '',
    adviceError: options.adviceError ? t(locale, options.adviceError) : '',
    recordTitle: strings.breachRecord.open,
    menu: t(locale, 'common.backToMenu'),
  });
}

/**
 * The art. 33(3)–(4) facts the coordinator recorded for the notification, as the DPO reads them:
 * categories of data subjects, the coordinator's estimates and the supplementary notifications.
 */
function notificationFacts(locale: Locale, incident: Incident): { title: string; value: string }[] {
  const strings = stringsFor(locale);
  const s = strings.dpo.breach;
  const details = incident.breachDetails;
  const supplements = currentSupplements(incident.supplements).map((entry) => entry.supplement);
  const categories = (details?.subjectCategories ?? []).map((category) =>
    category === 'others' && details?.otherSubjects
      ? `${strings.incidents.subjectCategories.others} (${shorten(details.otherSubjects, 200)})`
      : strings.incidents.subjectCategories[category],
  );
  const estimate = [details?.estimatedPeople, details?.estimatedRecords].map((n) =>
    n === undefined ? '–' : String(n),
  );
  return [
    ...(categories.length > 0 ? [{ title: s.categories, value: categories.join(', ') }] : []),
    ...(details?.estimatedPeople !== undefined || details?.estimatedRecords !== undefined
      ? [{ title: s.estimate, value: estimate.join(' / ') }]
      : []),
    ...(supplements.length > 0
      ? [{ title: s.supplements, value: supplements.map((item) => formatLocal(item.sentAt, locale)).join('; ') }]
      : []),
  ];
}

/** The DPO's notice of a new breach (P3: told at once), in the DPO's language, with a button to open it. */
export function dpoBreachNoticeCard(locale: Locale, incident: Incident): AdaptiveCard {
  return expandCard('incidents/dpo-notice', {
    heading: t(locale, 'dpo.breach.noticeHeading', { number: incident.number }),
    body: t(locale, 'dpo.breach.noticeBody', {
      at: formatLocal(incident.reportedAt, locale),
      deadline: formatLocal(gdprDeadline(new Date(awarenessOf(incident))), locale),
    }),
    openTitle: t(locale, 'dpo.breach.open'),
    number: incident.number,
  });
}
