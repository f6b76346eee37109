import type { Routes, Turn } from '../../turn';
import { verbs } from '../../verbs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { breachDecisionCard, breachDecisionInputLimits, type BreachDecisionOptions } from '../breach-decision-card';
import { breachDecisionInputIds, readBreachDecision, type BreachDecisionInputs } from '../breach-form';
import type { Incident } from '../model';
import { asIncidentActor, field, type IncidentDeps } from './context';

/** The card's inputs as typed (each cut to its length; card data is untrusted and only shown back). */
const typed = (data: Record<string, unknown>): BreachDecisionInputs =>
  Object.fromEntries(
    breachDecisionInputIds.map((id) => [id, field(data, id, breachDecisionInputLimits[id])]),
  ) as unknown as BreachDecisionInputs;

/**
 * The breach assessment and decision (P3, GDPR art. 33–34) on its own card, opened from the triage
 * card: open it, and record the decision. Coordinator only, checked here and in the service; a
 * stale card or an error answers with the current record and every value typed.
 */
export function registerBreachDecision(router: Routes, deps: IncidentDeps): void {
  const { incidents, clock } = deps;
  const current = async (turn: Turn): Promise<Incident> => {
    const { incident } = await incidents.get(asIncidentActor(turn.actor), turn.data.number);
    if (!incident.isBreach) throw new NotFoundError('breach');
    return incident;
  };
  const render = (turn: Turn, incident: Incident, options: Omit<BreachDecisionOptions, 'now'> = {}) =>
    breachDecisionCard(turn.actor.locale, incident, { ...options, now: clock.now() });

  router.action(verbs.incidentBreachAssess, async (turn) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('breach decision');
    await turn.show(render(turn, await current(turn)));
  });

  router.action(verbs.incidentBreachDecision, async (turn) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('breach decision');
    const { actor, data } = turn;
    const inputs = typed(data);
    try {
      const { draft, errors } = readBreachDecision(inputs, clock.now());
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const changed = await incidents.recordBreachDecision(asIncidentActor(actor), data.number, data.version, draft);
      await turn.reply(
        render(turn, changed, { banner: { text: t(actor.locale, 'incidents.triage.saved'), isError: false } }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      const conflict = error instanceof ConflictError;
      // Typed values are kept either way: after a conflict the clock above shows what is stored now.
      const fields = error instanceof ValidationError ? error.fields : {};
      await turn.reply(
        render(turn, await current(turn), {
          banner: {
            text: t(actor.locale, conflict ? 'common.errorConflict' : (fields.form ?? 'incidents.triage.fixErrors')),
            isError: true,
          },
          errors: fields,
          entered: { ...inputs },
        }),
      );
    }
  });
}
