import { expandCard, fitCard, type AdaptiveCard } from '../../platform/cards';
import { danishToday } from '../../clock';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate, formatLocal } from '../incidents/deadlines';
import type { QuarterlyReview, ReviewSummary } from './model';
import type { UndeliveredNotice } from '../incidents/undelivered';
import { REVIEW_FITS, riskReviewParts, type ReviewFit } from '../risks/review-card';

/** What the viewer may do and what the card should say besides the state. */
export interface ReviewView {
  canRecord: boolean;
  /** A reminder or lateness note. */
  notice?: string;
  banner?: { text: string; isError: boolean };
  dateError?: string;
  /** The date and notes typed, re-shown after an error. */
  typed?: { heldOn: string; notes: string };
  /** User MRIs of coordinators and management (≤ 60) for the personal view. */
  userIds: string[];
  now: Date;
}

/** The quarterly review card (P6): what is due, and whether and when the review was held. */
export function reviewCard(
  locale: Locale,
  review: QuarterlyReview,
  summary: ReviewSummary,
  view: ReviewView,
): AdaptiveCard {
  // Within the card budget at its worst: fewer lines of each list (the register and the log have them all).
  return fitCard(REVIEW_FITS, (fit) => renderReview(locale, review, summary, view, fit));
}

function renderReview(
  locale: Locale,
  review: QuarterlyReview,
  summary: ReviewSummary,
  view: ReviewView,
  fit: ReviewFit,
): AdaptiveCard {
  const s = stringsFor(locale).reviews;
  const [year, quarter] = review.id.split('-Q');
  const count = (value: number | undefined) => (value === undefined ? s.card.notTracked : String(value));
  const bySeverity = summary.openBySeverity;
  return expandCard('reviews/quarterly', {
    quarter: review.id,
    userIds: view.userIds.slice(0, 60),
    s: s.card,
    heading: t(locale, 'reviews.card.heading', { quarter: quarter ?? '', year: year ?? '' }),
    notice: view.notice ?? '',
    banner: view.banner?.text ?? '',
    bannerColor: view.banner?.isError ? 'Attention' : 'Good',
    stateText: review.doneAt
      ? s.card.done
      : t(locale, 'reviews.card.pending', { due: formatDate(review.dueAt, locale) }),
    stateColor: review.doneAt ? 'Good' : 'Warning',
    done: Boolean(review.doneAt),
    doneLine: review.doneAt
      ? t(locale, 'reviews.card.doneLine', {
          heldOn: formatDate(review.heldOn ?? review.doneAt.slice(0, 10), locale),
          name: review.doneByName ?? '',
          at: formatLocal(new Date(review.doneAt), locale),
        })
      : '',
    notes: review.notes ?? '',
    facts: [
      {
        title: s.facts.open,
        value: t(locale, 'reviews.facts.openValue', { total: summary.openTotal, ...bySeverity }),
      },
      { title: s.facts.overdueMeasures, value: String(summary.overdueMeasures) },
      { title: s.facts.breaches, value: String(summary.breachesWithoutDecision) },
      { title: s.facts.overdueNotifications, value: String(summary.overdueNotifications?.length ?? 0) },
      { title: s.facts.approvals, value: String(summary.pendingApprovals) },
      { title: s.facts.systems, value: count(summary.systemsOverdue) },
      { title: s.facts.dpias, value: count(summary.dpiasPending) },
      ...(summary.undelivered
        ? [{ title: stringsFor(locale).undelivered.fact, value: String(summary.undelivered.notices.length) }]
        : []),
    ],
    undeliveredHeading: summary.undelivered
      ? t(locale, 'undelivered.heading', { from: formatDate(summary.undelivered.from, locale) })
      : '',
    undelivered: [
      ...(summary.undelivered?.notices ?? []).slice(0, fit.incidents).map((item) => undeliveredLine(locale, item)),
      ...more(locale, 'reviews.card.moreUndelivered', (summary.undelivered?.notices.length ?? 0) - fit.incidents),
    ],
    overdue: [
      ...(summary.overdueNotifications ?? []).slice(0, fit.incidents).map((item) =>
        t(locale, 'reviews.card.overdueLine', {
          number: item.number,
          kind: s.overdueKinds[item.kind],
          deadline: formatLocal(new Date(item.deadline), locale),
        }),
      ),
      ...more(locale, 'reviews.card.more', (summary.overdueNotifications?.length ?? 0) - fit.incidents),
    ],
    ...riskReviewParts(locale, summary.risks, fit),
    canRecord: view.canRecord && !review.doneAt,
    today: view.typed?.heldOn || danishToday(view.now),
    typedNotes: view.typed?.notes ?? '',
    dateError: view.dateError ?? '',
  });
}

/** "… and N more" when a list of the review was cut to fit the card, else nothing. */
const more = (locale: Locale, key: string, hidden: number): string[] =>
  hidden > 0 ? [t(locale, key, { count: hidden })] : [];

/** The annual prompt for the overall risk assessment (P7), first and repeated. */
export function annualPromptCard(locale: Locale, year: number, repeat: boolean, late: boolean): AdaptiveCard {
  return expandCard('reviews/annual', {
    heading: t(locale, 'reviews.annual.heading', { year }),
    notice: repeat ? t(locale, 'reviews.annual.repeat', { year }) : '',
    body: t(locale, 'reviews.annual.body'),
    late: late ? t(locale, 'reviews.card.late') : '',
  });
}

/** One notice the bot could not deliver, as the review lists it: when, what about, why (no names). */
function undeliveredLine(locale: Locale, item: UndeliveredNotice): string {
  const u = stringsFor(locale).undelivered;
  const what =
    item.what === 'scheduled'
      ? t(locale, 'undelivered.scheduled', {
          kind: u.kinds[kindKey(item.ref) as keyof typeof u.kinds] ?? u.kinds.other,
        })
      : t(locale, `undelivered.${item.what}`, { number: item.ref });
  return `${formatLocal(new Date(item.at), locale)} · ${what}: ${u.reasons[item.reason]}`;
}

/** A job kind as its catalog key: `incidents.deadline-sweep` → `deadlineSweep`. */
const kindKey = (kind: string): string =>
  (kind.split('.').pop() ?? '').replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
