import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { localizeErrors } from './card-parts';
import { formatDate } from './deadlines';
import { ownerStatus } from './measure-owner';
import { isMeasureLate, type Incident, type Measure } from './model';
import { parentData, type MeasureParent, type OpenMeasure } from '../measures/parent';

/** The measures card's inputs (ids shared with the handler, which reads and re-shows them). */
export const measureInputIds = ['measureText', 'measureOwnerPick', 'measureOwner', 'measureDue'] as const;

/** The coordinator's words for a measure's standing with its owner, '' when done. */
export function ownerStatusText(locale: Locale, measure: Measure): string {
  const s = stringsFor(locale).measures.status;
  const status = ownerStatus(measure);
  if (status === 'done') return '';
  if (status === 'notified')
    return t(locale, 'measures.status.notified', { date: formatDate(measure.notifiedAt ?? '', locale) });
  return s[status];
}

/**
 * The coordinator's measures card for one incident (#20): every measure with its owner and whether
 * the owner was reached, and the form to add one with the Teams people picker (kept apart from the
 * triage card, which has no room for it).
 */
export function measuresCard(
  locale: Locale,
  incident: Incident,
  today: string,
  shown: {
    banner?: { text: string; isError: boolean };
    errors?: Record<string, string>;
    entered?: Record<string, string>;
  } = {},
): AdaptiveCard {
  const s = stringsFor(locale).measures.card;
  const entered = shown.entered ?? {};
  // Within the card budget with 50 measures at their limits: shorter texts, never shorter inputs.
  return fitCard(MEASURES_FITS, (fit) =>
    expandCard('incidents/measures', {
      s,
      heading: t(locale, 'measures.card.heading', { number: incident.number }),
      banner: shown.banner?.text ?? '',
      bannerColor: shown.banner?.isError ? 'Attention' : 'Good',
      number: incident.number,
      version: incident.version,
      measures: measureLines(locale, incident.measures, today, fit),
      v: Object.fromEntries(measureInputIds.map((id) => [id, entered[id] ?? ''])),
      errors: localizeErrors(locale, ['measureText', 'measureOwner', 'measureDue'], shown.errors ?? {}),
    }),
  );
}

/**
 * Each measure as the coordinator's measures card lists it (an incident's or a risk's): the text, the
 * owner and due date or who did it when, and where it stands with its owner.
 */
export function measureLines(
  locale: Locale,
  measures: readonly Measure[],
  today: string,
  fit: (typeof MEASURES_FITS)[number],
) {
  return measures.map((measure) => {
    const status = ownerStatus(measure);
    return {
      text: shorten(measure.text, fit.text),
      done: measure.done,
      line: measure.done
        ? t(locale, 'incidents.triage.measureDoneLine', {
            date: formatDate(measure.doneAt ?? today, locale),
            by: measure.doneBy ?? '',
          }) + (measure.doneComment && fit.comment ? ` – ${shorten(measure.doneComment, fit.comment)}` : '')
        : t(locale, 'incidents.triage.measureLine', {
            owner: shorten(measure.owner, fit.owner),
            due: formatDate(measure.dueDate, locale),
          }),
      lineColor: !measure.done && isMeasureLate(measure, today) ? 'Attention' : 'Default',
      status: ownerStatusText(locale, measure),
      statusColor: status === 'unreachable' || status === 'freeText' ? 'Attention' : 'Default',
    };
  });
}

/** How much of each measure the measures card shows, tried in order until the card fits. */
export const MEASURES_FITS = [
  { text: 500, owner: 120, comment: 300 },
  { text: 150, owner: 60, comment: 80 },
  { text: 60, owner: 30, comment: 0 },
] as const;

/** An open measure as its owner's list shows it (from an open list's row): an incident's or a risk's. */
export type TaskRow = Pick<OpenMeasure, 'parent'> & { measure: Pick<Measure, 'id' | 'text' | 'dueDate'> };

/** What a measure belongs to, in the owner's words: the incident's number, or the risk's title. */
export const parentLabel = (parent: MeasureParent): string =>
  parent.kind === 'incident' ? parent.number : shorten(parent.title, 120);

const TASKS_SHOWN = 25;

/**
 * The owner's list of open measures (`mine opgaver`), also the body of their reminder: text, incident
 * number and due date, late ones marked, each with "Åbn" to mark it done.
 */
export function tasksCard(
  locale: Locale,
  tasks: TaskRow[],
  today: string,
  as: 'list' | 'reminder' = 'list',
): AdaptiveCard {
  const s = stringsFor(locale).measures;
  const words = as === 'list' ? s.tasks : s.reminder;
  return expandCard('incidents/tasks', {
    heading: words.heading,
    intro: words.intro,
    none: s.tasks.none,
    openTitle: s.tasks.open,
    more: tasks.length > TASKS_SHOWN ? t(locale, 'measures.reminder.more', { count: tasks.length - TASKS_SHOWN }) : '',
    tasks: tasks.slice(0, TASKS_SHOWN).map(({ parent, measure }) => {
      const late = isMeasureLate(measure, today);
      const line = parent.kind === 'incident' ? 'measures.tasks.line' : 'measures.tasks.riskLine';
      return {
        text: shorten(measure.text, 300),
        line:
          t(locale, line, { number: parentLabel(parent), due: formatDate(measure.dueDate, locale) }) +
          (late ? ` · ${s.status.late}` : ''),
        lineColor: late ? 'Attention' : 'Default',
        ...parentData(parent),
        id: measure.id,
      };
    }),
  });
}

/**
 * One measure in its owner's personal chat (#20): what to do, by when, for which incident (its
 * number) or risk (its title) and from whom — nothing else of it (P10) — with a comment and "Markér
 * som udført", or as done.
 */
export function taskCard(
  locale: Locale,
  parent: MeasureParent,
  measure: Measure,
  today: string,
  shown: {
    banner?: { text: string; isError: boolean };
    from?: string;
    comment?: string;
    reminder?: string;
    /**
     * Sent to the owner's chat unasked (the measure, a reminder): a button opens the task, and the
     * opened card takes the comment. A client need not send the inputs of a card it was sent unasked
     * (the Agents Playground does not), so the comment field is only on a card given as an answer.
     */
    unasked?: boolean;
  } = {},
): AdaptiveCard {
  const s = stringsFor(locale).measures.task;
  const facts = [
    { title: s.due, value: formatDate(measure.dueDate, locale) },
    { title: parent.kind === 'incident' ? s.incident : s.risk, value: parentLabel(parent) },
    ...(shown.from ? [{ title: s.from, value: shown.from }] : []),
  ];
  return expandCard('incidents/measure-task', {
    heading: shown.reminder ?? s.heading,
    banner: shown.banner?.text ?? '',
    bannerColor: shown.banner?.isError ? 'Attention' : 'Good',
    intro: parent.kind === 'incident' ? s.intro : s.riskIntro,
    text: measure.text,
    facts,
    late: !measure.done && isMeasureLate(measure, today) ? s.late : '',
    done: measure.done,
    doneLine: measure.done
      ? t(locale, 'measures.task.doneLine', {
          date: formatDate(measure.doneAt ?? today, locale),
          by: measure.doneBy ?? '',
        })
      : '',
    doneComment: measure.doneComment ?? '',
    commentLabel: s.comment,
    comment: shown.comment ?? '',
    doneTitle: s.done,
    unasked: shown.unasked ?? false,
    openTitle: s.open,
    tasksTitle: stringsFor(locale).measures.tasks.heading,
    ...parentData(parent),
    measureId: measure.id,
  });
}
