import type { Routes } from '../../turn';
import type { Turn } from '../../turn';
import { verbs } from '../../verbs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import {
  nis2UpdateInputLimits,
  nis2UpdatesCard,
  readNis2Update,
  type Nis2UpdateInputId,
  type Nis2UpdateInputs,
} from '../nis2-updates';
import { asIncidentActor, field, type IncidentDeps } from './context';

/** The card's inputs as typed (each cut to its length; card data is untrusted and only shown back). */
const typed = (data: Record<string, unknown>): Nis2UpdateInputs =>
  Object.fromEntries(Object.entries(nis2UpdateInputLimits).map(([id, max]) => [id, field(data, id, max)])) as Record<
    Nis2UpdateInputId,
    string
  >;

/**
 * The NIS2 card (P3, NIS2 art. 23(4)): the deadlines, and the intermediate and progress reports
 * ((c), (e)): open the card (from the triage card of any significant incident, or from "Tekst til
 * Datatilsynet" of a breach that is also one), and record a report sent. Coordinator only, checked here and in the
 * service; a stale card or an error answers with the current record and every value typed.
 */
export function registerNis2Updates(router: Routes, deps: IncidentDeps): void {
  const { incidents, clock } = deps;
  const current = async (turn: Turn) => {
    const { incident } = await incidents.get(asIncidentActor(turn.actor), turn.data.number);
    if (!incident.nis2Significant) throw new NotFoundError('nis2');
    return incident;
  };

  router.action(verbs.incidentNis2Updates, async (turn) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('nis2 updates');
    await turn.show(nis2UpdatesCard(turn.actor.locale, await current(turn), { now: clock.now() }));
  });

  router.action(verbs.incidentNis2Update, async (turn) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('nis2 updates');
    const { actor, data } = turn;
    const inputs = typed(data);
    try {
      const { draft, errors } = readNis2Update(inputs, clock.now());
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const changed = await incidents.recordNis2Update(asIncidentActor(actor), data.number, data.version, draft);
      await turn.reply(
        nis2UpdatesCard(actor.locale, changed, {
          now: clock.now(),
          banner: { text: t(actor.locale, 'nis2Updates.saved'), isError: false },
        }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      const conflict = error instanceof ConflictError;
      const fields = error instanceof ValidationError ? error.fields : {};
      await turn.reply(
        nis2UpdatesCard(actor.locale, await current(turn), {
          now: clock.now(),
          banner: {
            text: t(actor.locale, conflict ? 'common.errorConflict' : (fields.form ?? 'incidents.triage.fixErrors')),
            isError: true,
          },
          errors: fields,
          entered: inputs,
        }),
      );
    }
  });
}
