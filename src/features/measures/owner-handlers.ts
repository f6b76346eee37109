import type { Routes, Turn } from '../turn';
import { verbs } from '../verbs';
import { danishToday, type Clock } from '../../clock';
import { NotFoundError } from '../../errors';
import { t } from '../../i18n';
import { cardText } from '../../text';
import { taskCard, tasksCard } from '../incidents/measure-cards';
import { byDue, type MeasureStore } from './parent';

/** Where each kind of measure is kept: the incident log's, and the risk register's where it exists. */
export interface MeasureOwnerDeps {
  clock: Clock;
  stores: { incident: MeasureStore; risk?: MeasureStore };
}

/**
 * The owner's side of remedial measures (#20 item 3), for incidents and risks alike (#19): `mine
 * opgaver`, one measure opened, and "Markér som udført" with a comment.
 *
 * @remarks P10: the card names only the incident number or the risk id and the measure id; the store
 * compares the authenticated user with the owner stored on the measure and answers "not found" to
 * anyone else, whatever their role. The owner sees the measure and what it belongs to, nothing more.
 */
export function registerMeasureOwners(router: Routes, deps: MeasureOwnerDeps): void {
  const today = () => danishToday(deps.clock.now());

  /** The store and key the card names: a risk's measure carries `riskId`, an incident's `number`. */
  const target = (data: Record<string, unknown>): { store: MeasureStore; ref: string } => {
    const riskId = cardText(data, 'riskId', 40);
    if (riskId) {
      if (!deps.stores.risk) throw new NotFoundError('measure');
      return { store: deps.stores.risk, ref: riskId };
    }
    return { store: deps.stores.incident, ref: cardText(data, 'number', 40) };
  };

  const myTasks = async (turn: Turn) => {
    const stores = [deps.stores.incident, ...(deps.stores.risk ? [deps.stores.risk] : [])];
    const open = (await Promise.all(stores.map((store) => store.open()))).flat();
    const mine = open.filter(({ measure }) => measure.ownerId === turn.actor.userId).sort(byDue);
    await turn.show(tasksCard(turn.actor.locale, mine, today()));
  };
  router.command(['mine opgaver', 'opgaver', 'my tasks', 'tasks'], myTasks);
  router.action(verbs.measureTasks, myTasks);

  router.action(verbs.measureTask, async (turn) => {
    const { store, ref } = target(turn.data);
    const own = await store.own(turn.actor, ref, turn.data.measureId);
    await turn.show(taskCard(turn.actor.locale, own.parent, own.measure, today()));
  });

  router.action(verbs.measureComplete, async (turn) => {
    const { store, ref } = target(turn.data);
    const comment = cardText(turn.data, 'comment', 1000);
    const own = await store.complete(turn.actor, ref, turn.data.measureId, comment);
    await turn.reply(
      taskCard(turn.actor.locale, own.parent, own.measure, today(), {
        banner: { text: t(turn.actor.locale, 'measures.task.saved'), isError: false },
      }),
    );
  });
}
