import { randomUUID } from 'node:crypto';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate, formatLocal, toLocalInputs } from '../incidents/deadlines';
import { noteId } from './form';
import { hasNote, screeningQuestions, type Screening, type ScreeningQuestion } from './model';
import type { ScreeningAnswers, ScreeningResult } from './screening-outcome';

/** Datatilsynet's guidance on impact assessments, with its list of processing that requires one (P5). */
export const DATATILSYNET_DPIA_LIST_URL =
  'https://www.datatilsynet.dk/regler-og-vejledning/konsekvensanalyse/liste-over-behandlingsaktiviteter-der-altid-kraever-en-konsekvensanalyse';

/** The screening card (P5): every question with yes/no and a note; re-shown with errors after a failed submit. */
export function screeningCard(
  locale: Locale,
  options: { screening: Screening; values?: Record<string, string>; errors?: Record<string, string>; banner?: string },
): AdaptiveCard {
  const { screening } = options;
  const strings = stringsFor(locale).dpia;
  const values = options.values ?? {};
  return expandCard('dpia/screening', {
    heading: t(locale, 'dpia.screening.title', { system: screening.systemName }),
    id: screening.id,
    requested: t(locale, 'dpia.screening.requested', {
      by: screening.requestedByName,
      date: formatDate(screening.requestedAt, locale),
      trigger: strings.triggers[screening.trigger],
    }),
    banner: options.banner ?? '',
    menu: t(locale, 'common.backToMenu'),
    datatilsynetUrl: DATATILSYNET_DPIA_LIST_URL,
    s: strings.screening,
    questions: screeningQuestions.map((question) => ({
      id: question,
      noteId: noteId(question),
      label: strings.screening.questions[question],
      value: values[question] ?? '',
      note: values[noteId(question)] ?? '',
      error: options.errors?.[question] ? t(locale, options.errors[question]) : '',
      showLink: question === 'highInherentRisk',
      hasNote: hasNote(question),
    })),
  });
}

const outcomeStyles = { dpiaRequired: 'attention', riskAssessmentOnly: 'warning', neither: 'good' } as const;

/** What the outcome card shows, and to whom. */
export interface OutcomeOptions {
  screening: Screening;
  answers: ScreeningAnswers;
  notes: Partial<Record<ScreeningQuestion, string>>;
  result: ScreeningResult;
  preview: boolean;
  isLatest: boolean;
  isCoordinator: boolean;
  canOpenSystem: boolean;
  now: Date;
  banner?: { text: string; isError: boolean };
  /** The DPIA's date and link as typed, re-shown after an error. */
  typed?: { doneDate?: string; doneLink?: string };
  /** The viewer is the data protection officer: the card takes advice (never on a preview). */
  canAdvise?: boolean;
  /** Advice as typed, shown again with its error after a failed save. */
  adviceValue?: string;
  adviceError?: string;
}

/**
 * The outcome of a screening (P5), with reasons in words: a preview for the owner to confirm, or the
 * stored record (who answered and when, superseded or not, whether a required DPIA is done).
 *
 * @remarks Within the card budget: the notes shown beside the answers are shortened when long;
 * the preview's confirm button still carries every note in full.
 */
export function outcomeCard(locale: Locale, options: OutcomeOptions): AdaptiveCard {
  return fitCard([Infinity, 200, 80], (noteMax) => renderOutcome(locale, options, noteMax));
}

function renderOutcome(locale: Locale, options: OutcomeOptions, noteMax: number): AdaptiveCard {
  const { screening, result } = options;
  const strings = stringsFor(locale).dpia;
  const o = strings.outcome;
  const stored = screening.answer;
  const dpiaOpen = !options.preview && result.outcome === 'dpiaRequired' && !screening.dpia?.doneDate;
  const statusLine = options.preview
    ? ''
    : !options.isLatest
      ? o.supersededLine
      : screening.dpia?.doneDate
        ? t(locale, 'dpia.outcome.dpiaDoneLine', {
            date: formatDate(screening.dpia.doneDate, locale),
            by: screening.dpia.recordedBy ?? '',
          })
        : dpiaOpen
          ? o.dpiaOpen
          : '';
  const confirmData: Record<string, string> = { id: screening.id };
  for (const question of screeningQuestions) {
    confirmData[question] = options.answers[question] ? 'yes' : 'no';
    const note = options.notes[question];
    if (note) confirmData[noteId(question)] = note;
  }
  return expandCard('dpia/outcome', {
    id: screening.id,
    systemId: options.canOpenSystem ? screening.systemId : '',
    heading: t(locale, options.preview ? 'dpia.outcome.previewTitle' : 'dpia.outcome.finalTitle', {
      system: screening.systemName,
    }),
    intro: options.preview ? o.previewIntro : '',
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    outcome: o.outcomes[result.outcome],
    outcomeStyle: outcomeStyles[result.outcome],
    reasons: result.reasons.map((code) => ({ text: o.reasons[code] })),
    answeredLine:
      stored && !options.preview
        ? t(locale, 'dpia.outcome.answeredLine', {
            at: formatLocal(stored.answeredAt, locale),
            by: stored.answeredByName,
          })
        : '',
    statusLine,
    dpiaUrl: screening.dpia?.link ?? '',
    answers: screeningQuestions
      .filter((question) => question !== 'changedSince2018' || options.answers.processingBeganBefore2018_05_25)
      // A screening answered before a question was asked shows no answer to it.
      .filter((question) => options.answers[question] !== undefined)
      .map((question) => ({
        question: strings.screening.questions[question].replace(/\s*\*$/, ''),
        answer: options.answers[question] ? strings.screening.yes : strings.screening.no,
        note: shorten(options.notes[question] ?? '', noteMax),
      })),
    isPreview: options.preview,
    confirmData,
    canRecordDone: options.isCoordinator && dpiaOpen && options.isLatest,
    today: options.typed?.doneDate || toLocalInputs(options.now).date,
    typedLink: options.typed?.doneLink ?? '',
    ...adviceParts(locale, options, noteMax),
    doneError: '',
    menu: t(locale, 'common.backToMenu'),
    s: o,
  });
}

/** The data protection officer's advice on a stored screening, and the field for more (not on a preview). */
function adviceParts(locale: Locale, options: OutcomeOptions, textMax: number) {
  const given = options.preview ? [] : (options.screening.dpoAdvice ?? []);
  const canAdvise = !options.preview && options.canAdvise === true;
  return {
    d: stringsFor(locale).dpo.screening,
    showAdvice: given.length > 0 || canAdvise,
    advice: given.slice(textMax === Infinity ? -20 : -5).map((advice) => ({
      line: t(locale, 'dpo.screening.adviceLine', { at: formatLocal(advice.at, locale), by: advice.byName }),
      text: shorten(advice.text, textMax),
    })),
    canAdvise,
    adviceValue: options.adviceValue ?? '',
    adviceError: options.adviceError ? t(locale, options.adviceError) : '',
    draftId: randomUUID(),
  };
}

/** A short proactive card with one button to open the screening (owner's request, reminder, coordinator notice). */
export function screeningNoticeCard(heading: string, body: string, openTitle: string, id: string): AdaptiveCard {
  return expandCard('dpia/notice', { heading, body, openTitle, id });
}
