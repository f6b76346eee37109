import type { Router } from '../../../bot/router';
import { isCardAction, showCard } from '../../../bot/respond';
import type { Turn } from '../../../bot/turn';
import { verbs } from '../../../bot/verbs';
import { systemListCard, type SystemListKind } from '../cards';
import { asSystemActor, canRegister, type SystemDeps } from './context';

/**
 * The register's lists (P4): the coordinator's register by category with open DPIAs, the risk
 * assessments due, an owner's "mine systemer", and everyone else's names and categories.
 */
export function registerSystemLists(router: Router, deps: SystemDeps): void {
  const { systems, dpia, clock } = deps;
  const list = async (turn: Turn, kind: SystemListKind) => {
    const { actor } = turn;
    // A typed command in a channel or group chat is answered with a message everyone there reads:
    // only names and categories, whoever asked (P10). Card actions answer the clicking user only.
    const shared = actor.conversationType !== 'personal' && !isCardAction(turn.context);
    const isCoordinator = actor.roles.has('coordinator') && !shared;
    const base = {
      now: clock.now(),
      isCoordinator,
      canRegister: canRegister(turn) && !shared,
      viewerId: shared ? '' : actor.userId,
    };
    const sa = asSystemActor(actor);
    let card;
    if (shared)
      card = systemListCard(actor.locale, { ...base, kind: 'directory', listings: await systems.directory() });
    else if (kind === 'mine') card = systemListCard(actor.locale, { ...base, kind, systems: await systems.mine(sa) });
    else if (isCoordinator && kind === 'due')
      card = systemListCard(actor.locale, { ...base, kind, systems: await systems.due(sa) });
    else if (isCoordinator)
      card = systemListCard(actor.locale, {
        ...base,
        kind: 'all',
        systems: await systems.byCategory(sa),
        openDpias: await dpia.openDpias(sa),
      });
    else card = systemListCard(actor.locale, { ...base, kind: 'directory', listings: await systems.directory() });
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
