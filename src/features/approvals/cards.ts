import { randomUUID } from 'node:crypto';
import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal } from '../incidents/deadlines';
import { submittableKinds, currentRound, hasMaterialNote, type ApprovalItem, type Submission } from './model';

/** What the viewer may do on the card (from their roles on the server, never from card data). */
export interface ApprovalView {
  canDecide: boolean;
  canResubmit: boolean;
  /** The channel the card could not be posted to, when it is not there (personal views only). */
  notPostedTo?: string;
  /** A coordinator may post it again. */
  canRepost?: boolean;
  banner?: { text: string; isError: boolean };
  commentError?: string;
  /** What the member or coordinator typed, re-shown after an error instead of the stored round. */
  typed?: Partial<Submission> & { comment?: string };
  /** Who gets the refreshed, personal view: the approving role's holders and the coordinators (≤ 60). */
  userIds: string[];
}

const at = (iso: string, locale: Locale) => formatLocal(new Date(iso), locale);

/**
 * The approval card (P7, P8, P9): current state, the document, and every round with every
 * decision; buttons only for those who may use them.
 */
export function approvalCard(locale: Locale, item: ApprovalItem, view: ApprovalView): AdaptiveCard {
  // Stay within the card budget (28 KB): the newest rounds first, older ones named as omitted and
  // long comments shortened; the full text stays in storage and in the audit log.
  return fitCard(ATTEMPTS, ([rounds, commentMax]) =>
    renderApproval(locale, item, view, Math.min(item.rounds.length, rounds), commentMax),
  );
}

/** Rounds shown and comment length, tried in order until the card fits. */
const ATTEMPTS: readonly [number, number][] = [
  [6, 1000],
  [3, 400],
  [2, 200],
  [1, 120],
];

function renderApproval(
  locale: Locale,
  item: ApprovalItem,
  view: ApprovalView,
  shown: number,
  commentMax: number,
): AdaptiveCard {
  const a = stringsFor(locale).approvals;
  const omitted = item.rounds.length - shown;
  const current = currentRound(item);
  const approvals = current.decisions.filter((d) => d.decision === 'approve').length;
  return expandCard('approvals/approval', {
    id: item.id,
    round: current.round,
    userIds: view.userIds.slice(0, 60),
    s: a.card,
    heading: t(locale, 'approvals.card.heading', { kind: a.kinds[item.kind] }),
    banner: view.banner?.text ?? '',
    bannerColor: view.banner?.isError ? 'Attention' : 'Good',
    title: current.title,
    stateText:
      item.state === 'pending'
        ? t(locale, 'approvals.states.pending', { count: approvals, required: current.required })
        : a.states[item.state],
    stateColor: item.state === 'approved' ? 'Good' : item.state === 'changesRequested' ? 'Attention' : 'Warning',
    facts: [
      // A generated version's "version" is its short hash, shown once below with its own label.
      ...(current.version && !current.contentHash ? [{ title: a.card.versionLabel, value: current.version }] : []),
      { title: a.card.submittedBy, value: `${current.submittedByName}, ${at(current.submittedAt, locale)}` },
      { title: a.card.rule, value: t(locale, 'approvals.card.ruleValue', { required: current.required }) },
      // A generated version (the overall risk assessment, P7) is named by its content hash.
      ...(current.contentHash
        ? [{ title: stringsFor(locale).annualAssessment.approval.hash, value: `${current.contentHash.slice(0, 12)}…` }]
        : []),
    ],
    versionTitle: current.contentHash ? stringsFor(locale).annualAssessment.approval.openVersion : '',
    versionNote: current.contentHash ? stringsFor(locale).annualAssessment.approval.versionNote : '',
    summary: current.summary,
    materialNote: hasMaterialNote(item.kind) && current.material ? a.card.materialNote : '',
    link: current.link,
    omitted: omitted > 0 ? t(locale, 'approvals.card.omitted', { count: omitted }) : '',
    rounds: [...item.rounds.slice(omitted)].reverse().map((round) => ({
      heading: t(locale, round.version ? 'approvals.card.roundVersion' : 'approvals.card.round', {
        round: round.round,
        version: round.version,
      }),
      sub: t(locale, 'approvals.card.submittedLine', {
        name: round.submittedByName,
        at: at(round.submittedAt, locale),
      }),
      empty: round.decisions.length === 0,
      decisions: round.decisions.map((decision) => ({
        line: t(locale, `approvals.card.decided.${decision.decision}`, {
          name: decision.byName,
          at: at(decision.at, locale),
        }),
        color: decision.decision === 'approve' ? 'Good' : 'Attention',
        comment: shorten(decision.comment, commentMax),
      })),
    })),
    notPosted: view.notPostedTo ? t(locale, 'approvals.card.notPosted', { channel: view.notPostedTo }) : '',
    canRepost: Boolean(view.notPostedTo && view.canRepost),
    canDecide: view.canDecide,
    commentError: view.commentError ?? '',
    comment: view.typed?.comment ?? '',
    canResubmit: view.canResubmit,
    v: {
      title: view.typed?.title ?? current.title,
      version: view.typed?.version ?? current.version,
      link: view.typed?.link ?? current.link,
      summary: view.typed?.summary ?? current.summary,
      showMaterial: hasMaterialNote(item.kind),
      material: String(view.typed?.material ?? current.material),
    },
  });
}

/**
 * The coordinator's form to put a document before a group. `draftId` stays the same across
 * re-shows, so a double submit puts one item before the group.
 */
export function submitCard(
  locale: Locale,
  values: Partial<Submission> & { kind?: string } = {},
  banner = '',
  draftId: string = randomUUID(),
): AdaptiveCard {
  const a = stringsFor(locale).approvals;
  return expandCard('approvals/submit', {
    s: a.submit,
    banner,
    draftId,
    kindChoices: submittableKinds.map((value) => ({ title: a.kindChoices[value], value })),
    v: {
      kind: values.kind ?? '',
      title: values.title ?? '',
      version: values.version ?? '',
      link: values.link ?? '',
      summary: values.summary ?? '',
      material: String(values.material ?? false),
    },
  });
}
