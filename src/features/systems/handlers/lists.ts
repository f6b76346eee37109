import type { Router } from '../../../bot/router';
import { isCardAction, showCard } from '../../../bot/respond';
import type { Turn } from '../../../bot/turn';
import { verbs } from '../../../bot/verbs';
import { systemListCard, type SystemListKind } from '../list-card';
import type { SystemPage } from '../service';
import { asSystemActor, canRegister, type SystemDeps } from './context';

/**
 * The register's lists (P4), a page at a time: the coordinator's register by category with open
 * DPIAs, the risk assessments due, an owner's "mine systemer", and everyone else's names and
 * categories. Who sees which list is decided on every page, whatever the card carried.
 */
export function registerSystemLists(router: Router, deps: SystemDeps): void {
  const { systems, dpia, clock } = deps;
  const list = async (turn: Turn, asked: SystemListKind) => {
    const { actor } = turn;
    // A typed command in a channel or group chat is answered with a message everyone there reads:
    // only names and categories, whoever asked (P10). Card actions answer the clicking user only.
    const shared = actor.conversationType !== 'personal' && !isCardAction(turn.context);
    const isCoordinator = actor.roles.has('coordinator') && !shared;
    const kind: SystemListKind =
      shared || (!isCoordinator && asked !== 'mine') ? 'directory' : asked === 'directory' ? 'all' : asked;
    const sa = asSystemActor(actor);
    const after = turn.data.after;
    const pages: Record<SystemListKind, () => Promise<SystemPage>> = {
      all: () => systems.registerPage(sa, after),
      due: () => systems.duePage(sa, after),
      mine: () => systems.minePage(sa, after),
      directory: () => systems.directoryPage(after),
    };
    const page = await pages[kind]();
    // Open DPIAs head the register's first page only.
    const openDpias = kind === 'all' && !page.after ? await dpia.openDpias(sa) : undefined;
    const card = systemListCard(actor.locale, {
      kind,
      page,
      now: clock.now(),
      isCoordinator,
      canRegister: canRegister(turn) && !shared,
      viewerId: shared ? '' : actor.userId,
      openDpias,
    });
    await showCard(turn.context, card);
  };
  router.command(['systemer', 'systemregister', 'systems', 'system register'], (turn) => list(turn, 'all'));
  router.command(['mine systemer', 'my systems'], (turn) => list(turn, 'mine'));
  router.command(['forfaldne risikovurderinger', 'overdue risk assessments'], (turn) => list(turn, 'due'));
  router.action(verbs.systemList, (turn) => {
    const view = turn.data.view;
    return list(turn, view === 'due' || view === 'mine' ? view : 'all');
  });
}
