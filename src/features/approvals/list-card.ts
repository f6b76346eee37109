import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { currentRound, type ApprovalItem } from './model';

/** One item as the list shows it to this person: what it is, its state, and what it waits on. */
export interface ApprovalListRow {
  item: ApprovalItem;
  /** What the person should know: it awaits their decision, they decided, they submitted it, it is not posted. */
  note: 'awaitsYou' | 'decidedByYou' | 'ownSubmission' | 'notPosted' | 'changesRequested' | '';
}

/**
 * The `godkendelser` list (P7, P8, P9): what awaits the person's role, newest first, each opening
 * the person's own view of the item with its actions.
 */
export function approvalListCard(
  locale: Locale,
  rows: readonly ApprovalListRow[],
  isCoordinator: boolean,
): AdaptiveCard {
  return fitCard([40, 20, 10], (shown) => renderList(locale, rows.slice(0, shown), isCoordinator));
}

function renderList(locale: Locale, rows: readonly ApprovalListRow[], isCoordinator: boolean): AdaptiveCard {
  const a = stringsFor(locale).approvals;
  return expandCard('approvals/list', {
    s: a.list,
    intro: isCoordinator ? a.list.introCoordinator : a.list.intro,
    menu: t(locale, 'common.backToMenu'),
    items: rows.map(({ item, note }) => {
      const current = currentRound(item);
      const approvals = current.decisions.filter((decision) => decision.decision === 'approve').length;
      return {
        id: item.id,
        kind: t(locale, 'approvals.card.heading', { kind: a.kinds[item.kind] }),
        title: shorten(current.title, 200),
        stateText:
          item.state === 'pending'
            ? t(locale, 'approvals.states.pending', { count: approvals, required: current.required })
            : a.states[item.state],
        stateColor: item.state === 'changesRequested' ? 'Attention' : 'Warning',
        note: note ? a.list.notes[note] : '',
        noteColor: note === 'notPosted' || note === 'awaitsYou' ? 'Attention' : 'Default',
      };
    }),
  });
}
