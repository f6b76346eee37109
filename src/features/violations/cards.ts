import { randomUUID } from 'node:crypto';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate } from '../incidents/deadlines';
import { isReferralAnonymised } from '../retention/referral-rules';
import type { ReferralInput, ViolationReferral } from './model';

const formFields = ['person', 'what', 'incidentNumber'] as const;
const decisionFields = ['decision', 'decisionDate'] as const;

const localized = (locale: Locale, keys: readonly string[], errors: Record<string, string> = {}) =>
  Object.fromEntries(keys.map((key) => [key, errors[key] ? t(locale, errors[key]) : '']));

/** The coordinator's referral form (P11), re-shown with what was typed and the errors after a failed submit. */
export function referralFormCard(
  locale: Locale,
  options: {
    values?: Partial<ReferralInput>;
    errors?: Record<string, string>;
    banner?: string;
    /** Kept across re-shows, so a double submit makes one referral. */
    draftId?: string;
  } = {},
): AdaptiveCard {
  const strings = stringsFor(locale).violations;
  return expandCard('violations/form', {
    draftId: options.draftId ?? randomUUID(),
    s: strings.form,
    e: strings.errors,
    banner: options.banner ?? '',
    v: Object.fromEntries(formFields.map((key) => [key, options.values?.[key] ?? ''])),
    errors: localized(locale, formFields, options.errors),
    menu: t(locale, 'common.backToMenu'),
  });
}

/**
 * One referral, with the decision form for an HR lead while it is undecided, read-only afterwards.
 *
 * @remarks A referral past its retention period opens anonymised, with a note saying so (P11).
 */
export function referralCard(
  locale: Locale,
  referral: ViolationReferral,
  options: {
    canDecide: boolean;
    /**
     * True for the HR lead. The referring coordinator sees that and when it was decided, never the
     * decision itself (P11: the HR lead alone decides on sanctions).
     */
    hrView: boolean;
    today: string;
    banner?: { text: string; isError: boolean };
    errors?: Record<string, string>;
    /** The decision as typed, re-shown after an error. */
    typed?: { decision: string; decisionDate: string };
  },
): AdaptiveCard {
  const strings = stringsFor(locale).violations;
  const decision = referral.decision;
  return expandCard('violations/detail', {
    s: strings.detail,
    e: strings.errors,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    id: referral.id,
    anonymised: isReferralAnonymised(referral),
    person: referral.person,
    what: referral.what,
    incidentNumber: referral.incidentNumber ?? '',
    referredLine: t(locale, 'violations.detail.referred', {
      name: referral.referredByName,
      date: formatDate(referral.referredAt, locale),
    }),
    decided: decision !== undefined,
    canDecide: options.canDecide && decision === undefined,
    decisionText: options.hrView ? (decision?.text ?? '') : '',
    decidedLine: !decision
      ? ''
      : options.hrView
        ? t(locale, 'violations.detail.decided', {
            name: decision.decidedByName,
            date: formatDate(decision.date, locale),
          })
        : t(locale, 'violations.detail.decidedForReferrer', { date: formatDate(decision.date, locale) }),
    today: options.typed?.decisionDate ?? options.today,
    typedDecision: options.typed?.decision ?? '',
    errors: localized(locale, decisionFields, options.errors),
    menu: t(locale, 'common.backToMenu'),
  });
}

/** Referrals a page of the list shows. */
export const REFERRAL_PAGE_SIZE = 20;

/**
 * A page of the referrals the user may see (all for the HR lead, their own for a coordinator):
 * those awaiting the HR lead first, then the decided, each newest first; `from` is where the page
 * starts (card data: anything else shows the first page).
 *
 * @remarks Within the card budget: a page of long names shows them shortened.
 */
export function referralListCard(
  locale: Locale,
  referrals: ViolationReferral[],
  canRefer: boolean,
  from: unknown = 0,
): AdaptiveCard {
  const ordered = [...referrals.filter((r) => !r.decision), ...referrals.filter((r) => r.decision)];
  const start =
    Number.isInteger(from) && (from as number) > 0 && (from as number) < ordered.length ? (from as number) : 0;
  return fitCard([Infinity, 60, 40], (personMax) => renderList(locale, ordered, canRefer, start, personMax));
}

function renderList(
  locale: Locale,
  ordered: ViolationReferral[],
  canRefer: boolean,
  start: number,
  personMax: number,
): AdaptiveCard {
  const strings = stringsFor(locale).violations;
  const shown = ordered.slice(start, start + REFERRAL_PAGE_SIZE);
  const next = start + shown.length;
  return expandCard('violations/list', {
    s: strings.list,
    items: shown.map((referral) => ({
      id: referral.id,
      person: shorten(referral.person, personMax),
      line: t(locale, 'violations.list.item', {
        date: formatDate(referral.referredAt, locale),
        state: strings.list.states[referral.decision ? 'decided' : 'open'],
      }),
    })),
    pageLine:
      ordered.length > REFERRAL_PAGE_SIZE
        ? t(locale, 'violations.list.page', { first: start + 1, last: next, count: ordered.length })
        : '',
    hasNext: next < ordered.length,
    next,
    hasFirst: start > 0,
    canRefer,
    menu: t(locale, 'common.backToMenu'),
  });
}

/** The HR lead's notice: that a referral is waiting, without its content (opened on the card). */
export function referralNoticeCard(locale: Locale, referral: ViolationReferral): AdaptiveCard {
  return expandCard('violations/notice', { s: stringsFor(locale).violations.notice, id: referral.id });
}
