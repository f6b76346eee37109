import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { localizeErrors } from './card-parts';
import { formatDate } from './deadlines';
import { ownerStatus } from './measure-owner';
import { isMeasureLate, type Incident, type Measure } from './model';

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
      measures: incident.measures.map((measure) => {
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
      }),
      v: Object.fromEntries(measureInputIds.map((id) => [id, entered[id] ?? ''])),
      errors: localizeErrors(locale, ['measureText', 'measureOwner', 'measureDue'], shown.errors ?? {}),
    }),
  );
}

/** How much of each measure the measures card shows, tried in order until the card fits. */
const MEASURES_FITS = [
  { text: 500, owner: 120, comment: 300 },
  { text: 150, owner: 60, comment: 80 },
  { text: 60, owner: 30, comment: 0 },
] as const;

/** An open measure as its owner's list shows it (from the open list's row). */
export interface TaskRow {
  number: string;
  measure: Pick<Measure, 'id' | 'text' | 'dueDate'>;
}

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
    tasks: tasks.slice(0, TASKS_SHOWN).map(({ number, measure }) => {
      const late = isMeasureLate(measure, today);
      return {
        text: shorten(measure.text, 300),
        line:
          t(locale, 'measures.tasks.line', { number, due: formatDate(measure.dueDate, locale) }) +
          (late ? ` · ${s.status.late}` : ''),
        lineColor: late ? 'Attention' : 'Default',
        number,
        id: measure.id,
      };
    }),
  });
}

/**
 * One measure in its owner's personal chat (#20): what to do, by when, for which incident and from
 * whom — nothing else of the incident (P10) — with a comment and "Markér som udført", or as done.
 */
export function taskCard(
  locale: Locale,
  number: string,
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
    { title: s.incident, value: number },
    ...(shown.from ? [{ title: s.from, value: shown.from }] : []),
  ];
  return expandCard('incidents/measure-task', {
    heading: shown.reminder ?? s.heading,
    banner: shown.banner?.text ?? '',
    bannerColor: shown.banner?.isError ? 'Attention' : 'Good',
    intro: s.intro,
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
    number,
    measureId: measure.id,
  });
}
