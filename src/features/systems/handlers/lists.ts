import { verbs } from '../../verbs';
import { systemListCard, type SystemListKind } from '../list-card';
import type { SystemPage } from '../service';
import type { Role } from '../../access/roles';
import { asSystemActor, canRegister, type SystemDeps } from './context';
import type { Routes, Turn } from '../../turn';

/** Roles that see the register's categories in the directory (the coordinator sees the register itself). */
const categoryRoles: readonly Role[] = ['coordinator', 'management', 'steering', 'systemOwner'];

/**
 * The register's lists (P4), a page at a time: the coordinator's register by category with open
 * DPIAs, the risk assessments due, an owner's "mine systemer", names and categories for the roles
 * that need them, and the names alone for everyone else. Who sees which list is
 * decided on every page, whatever the card carried.
 */
export function registerSystemLists(router: Routes, deps: SystemDeps): void {
  const { systems, dpia, clock } = deps;
  const list = async (turn: Turn, asked: SystemListKind) => {
    const { actor } = turn;
    // A typed command in a channel or group chat is answered with a message everyone there reads:
    // only the names, whoever asked (P10). Card actions answer the clicking user only.
    const shared = actor.conversationType !== 'personal' && !turn.isCardAction;
    const isCoordinator = actor.roles.has('coordinator') && !shared;
    // Need-to-know (P10): categories only for roles that work with them; a guest or a person
    // without a role (and a shared conversation) gets the names alone, which a report needs.
    const seesCategories = !shared && categoryRoles.some((role) => actor.roles.has(role));
    const kind: SystemListKind =
      shared || (!isCoordinator && asked !== 'mine')
        ? seesCategories
          ? 'directory'
          : 'names'
        : asked === 'directory'
          ? 'all'
          : asked;
    const sa = asSystemActor(actor);
    const after = turn.data.after;
    const pages: Record<SystemListKind, () => Promise<SystemPage>> = {
      all: () => systems.registerPage(sa, after),
      due: () => systems.duePage(sa, after),
      mine: () => systems.minePage(sa, after),
      directory: () => systems.directoryPage(after),
      names: () => systems.namesPage(after),
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
    await turn.show(card);
  };
  router.command(['systemer', 'systemregister', 'systems', 'system register'], (turn) => list(turn, 'all'));
  router.command(['mine systemer', 'my systems'], (turn) => list(turn, 'mine'));
  router.command(['forfaldne risikovurderinger', 'overdue risk assessments'], (turn) => list(turn, 'due'));
  router.action(verbs.systemList, (turn) => {
    const view = turn.data.view;
    return list(turn, view === 'due' || view === 'mine' ? view : 'all');
  });
}
