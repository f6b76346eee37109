import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatDate } from '../incidents/deadlines';
import type { Screening } from '../dpia/model';
import { dueLine } from './cards';
import { positionIn, type SystemList } from './list-order';
import type { SystemPage } from './service';

/**
 * Which list: the coordinator's register or due list, an owner's own, the directory of names and
 * categories (roles that need the categories), or the names alone (everyone else).
 */
export type SystemListKind = 'all' | 'due' | 'mine' | 'directory' | 'names';

/** How many a page shows and whether more follow; a later page names the system it starts from. */
function pageLine(locale: Locale, page: SystemPage): string {
  const count = page.items.length;
  if (count === 0) return '';
  const key = page.after ? (page.next ? 'pageAfterMore' : 'pageAfter') : page.next ? 'pageFirstMore' : 'pageAll';
  return t(locale, `systems.list.${key}`, { count, name: page.items[0]?.name ?? '' });
}

/** What a system list card shows. */
export interface SystemListOptions {
  kind: SystemListKind;
  page: SystemPage;
  now: Date;
  isCoordinator: boolean;
  canRegister: boolean;
  viewerId: string;
  /** Screenings whose DPIA is required and not yet done (coordinator). */
  openDpias?: Screening[];
}

/**
 * A page of a list of systems (P4), saying how many it shows, with buttons to the next page and
 * back to the first. Items the viewer may open carry an open button; the directory shows names
 * and categories only, the names list names alone.
 *
 * @remarks Within the card budget: a page of long names shows shorter names and fewer systems, its
 * next page starting right after the last one shown; open DPIAs beyond those shown are counted.
 */
export function systemListCard(locale: Locale, options: SystemListOptions): AdaptiveCard {
  return fitCard(LIST_STEPS, ([rows, nameMax, dpias]) => renderList(locale, options, rows, nameMax, dpias));
}

/** Systems shown, name length and open DPIAs shown, tried in order until the list card fits. */
const LIST_STEPS: readonly [number, number, number][] = [
  [Infinity, Infinity, Infinity],
  [Infinity, 60, 10],
  [30, 60, 5],
  [20, 40, 5],
  [10, 40, 3],
];

const listOf: Record<SystemListKind, SystemList> = {
  all: 'register',
  directory: 'register',
  names: 'names',
  due: 'due',
  mine: 'owned',
};

/** The first `rows` of a page, as a page of its own: the next page starts after the last one shown. */
function firstRows(page: SystemPage, rows: number, list: SystemList): SystemPage {
  const items = page.items.slice(0, rows);
  const last = items.at(-1);
  return items.length === page.items.length || !last
    ? page
    : { items, after: page.after, next: positionIn(list, last) };
}

function renderList(
  locale: Locale,
  options: SystemListOptions,
  rows: number,
  nameMax: number,
  dpiasShown: number,
): AdaptiveCard {
  const strings = stringsFor(locale).systems;
  const { kind } = options;
  const page = firstRows(options.page, rows, listOf[kind]);
  const openDpias = options.openDpias ?? [];
  const items = page.items.map((item) => ({
    id: item.id,
    name: shorten(item.name, nameMax),
    meta:
      kind === 'names'
        ? ''
        : kind === 'directory'
          ? strings.categories[item.category]
          : `${strings.categories[item.category]} · ${strings.detail.nextDue}: ${dueLine(
              locale,
              { dueAt: new Date(item.dueAt), reason: item.dueReason },
              options.now,
            )}`,
    canOpen: (options.isCoordinator && kind !== 'directory' && kind !== 'names') || item.ownerId === options.viewerId,
  }));
  const titles = {
    all: 'allTitle',
    due: 'dueTitle',
    mine: 'mineTitle',
    directory: 'directoryTitle',
    names: 'directoryTitle',
  } as const;
  const dpiasOmitted = Math.max(0, openDpias.length - dpiasShown);
  return expandCard('systems/list', {
    heading: strings.list[titles[kind]],
    note: kind === 'directory' ? strings.list.directoryNote : kind === 'names' ? strings.list.namesNote : '',
    dpiaLine: openDpias.length ? t(locale, 'systems.list.openDpias', { count: openDpias.length }) : '',
    dpias: openDpias.slice(0, dpiasShown).map((screening) => ({
      id: screening.id,
      name: shorten(screening.systemName, nameMax),
      meta: t(locale, 'dpia.outcome.answeredLine', {
        at: formatDate(screening.answer?.answeredAt ?? screening.requestedAt, locale),
        by: screening.answer?.answeredByName ?? '',
      }),
    })),
    dpiasOmitted: dpiasOmitted > 0 ? t(locale, 'systems.list.dpiasOmitted', { count: dpiasOmitted }) : '',
    dpiaOpenTitle: stringsFor(locale).dpia.notify.open,
    empty: page.after ? strings.list.emptyAfter : strings.list.empty,
    openTitle: strings.list.open,
    items,
    pageLine: pageLine(locale, page),
    paging: {
      hasFirst: Boolean(page.after),
      hasNext: Boolean(page.next),
      next: page.next ?? '',
      view: kind === 'directory' || kind === 'names' ? 'all' : kind,
      firstTitle: strings.list.firstPage,
      nextTitle: strings.list.nextPage,
    },
    canRegister: options.canRegister,
    isCoordinator: options.isCoordinator,
    nav: { new: strings.list.new, all: strings.list.all, due: strings.list.due, mine: strings.list.mine },
    menu: t(locale, 'common.backToMenu'),
  });
}
