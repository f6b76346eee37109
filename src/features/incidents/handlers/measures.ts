import type { Routes } from '../../turn';
import type { Turn } from '../../turn';
import { verbs } from '../../verbs';
import { danishToday } from '../../../clock';
import { ConflictError, ForbiddenError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { parseLocal } from '../deadlines';
import { measureInputIds, measuresCard } from '../measure-cards';
import { sendMeasureToOwner } from '../../measures/send';
import type { Measure } from '../model';
import { asIncidentActor, field, type IncidentDeps } from './context';
import { findNamed } from './people-pick';

const inputLimits: Record<(typeof measureInputIds)[number], number> = {
  measureText: 500,
  measureOwnerPick: 200,
  measureOwner: 120,
  measureDue: 10,
};

const entered = (data: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(measureInputIds.map((id) => [id, field(data, id, inputLimits[id])]));

/**
 * Remedial measures with owners who are people (#20, P1): the coordinator's measures card (the
 * people picker, kept apart from the full triage card) and the measure sent to its owner's personal
 * chat. The owner's side (`mine opgaver`, "Markér som udført") is `measures/owner-handlers.ts`.
 *
 * @remarks P10: the owner is whoever Teams answers for the pick or the typed e-mail/name, never an id
 * taken from the card.
 */
export function registerMeasures(router: Routes, deps: IncidentDeps): void {
  const { incidents, clock } = deps;
  const today = () => danishToday(clock.now());

  const requireCoordinator = (turn: Turn) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('measures');
  };

  router.action(verbs.incidentMeasures, async (turn) => {
    requireCoordinator(turn);
    const { incident } = await incidents.view(asIncidentActor(turn.actor), turn.data.number);
    await turn.show(measuresCard(turn.actor.locale, incident, today()));
  });

  router.action(verbs.incidentMeasureAdd, async (turn) => {
    requireCoordinator(turn);
    const actor = asIncidentActor(turn.actor);
    const typed = entered(turn.data);
    const current = async () => (await incidents.get(actor, turn.data.number)).incident;
    const again = async (banner: string, errors: Record<string, string> = {}, keep = true) =>
      turn.reply(
        measuresCard(turn.actor.locale, await current(), today(), {
          banner: { text: banner, isError: true },
          errors,
          entered: keep ? typed : {},
        }),
      );
    try {
      await current(); // an incident the actor may not see is "not found" before any look-up
      const owner = await findNamed(turn, deps, typed.measureOwnerPick || typed.measureOwner, 'measureOwner');
      const errors: Record<string, string> = {};
      if (!typed.measureText) errors.measureText = 'incidents.errors.required';
      if (!owner)
        errors.measureOwner =
          typed.measureOwnerPick || typed.measureOwner ? 'measures.errors.ownerNotFound' : 'incidents.errors.required';
      if (!parseLocal(typed.measureDue, undefined)) errors.measureDue = 'incidents.errors.dueDate';
      if (Object.keys(errors).length > 0 || !owner) throw new ValidationError(errors);
      const incident = await incidents.addMeasure(actor, turn.data.number, turn.data.version, {
        text: typed.measureText,
        owner: owner.name || owner.email || owner.userId,
        ownerId: owner.userId,
        ...(owner.email ? { ownerEmail: owner.email } : {}),
        dueDate: typed.measureDue,
      });
      const added = incident.measures.at(-1) as Measure;
      const parent = { kind: 'incident' as const, number: incident.number };
      const outcome = await sendMeasureToOwner(deps, parent, added, turn.actor.name);
      const reached = outcome === 'sent';
      const after = (await incidents.recordMeasureNotice(actor, incident.number, added.id, reached)) ?? incident;
      const said = t(turn.actor.locale, reached ? 'measures.card.added' : 'measures.card.addedUnreachable', {
        owner: added.owner,
      });
      await turn.reply(measuresCard(turn.actor.locale, after, today(), { banner: { text: said, isError: !reached } }));
    } catch (error) {
      if (error instanceof ValidationError)
        return again(
          error.fields.form ? t(turn.actor.locale, error.fields.form) : t(turn.actor.locale, 'measures.card.fixErrors'),
          error.fields,
        );
      if (error instanceof ConflictError) return again(t(turn.actor.locale, 'common.errorConflict'));
      throw error;
    }
  });
}
