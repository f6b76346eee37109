import { verbs } from '../../verbs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { breachDetailsCard, type BreachDetailsOptions } from '../breach-details-card';
import {
  detailsInputLimits,
  readBreachDetails,
  readSupplement,
  readSupplementCorrection,
  type DetailsInputId,
  type DetailsInputs,
} from '../breach-details';
import type { Incident } from '../model';
import { asIncidentActor, field, type IncidentDeps } from './context';
import type { Routes, Turn } from '../../turn';

/** The card's inputs as typed (each cut to its length; card data is untrusted and only shown back). */
const typed = (data: Record<string, unknown>): DetailsInputs =>
  Object.fromEntries(Object.entries(detailsInputLimits).map(([id, max]) => [id, field(data, id, max)])) as Record<
    DetailsInputId,
    string
  >;

/**
 * The notification details card (P3, art. 33(3)–(4)): open it, save the categories, estimates and
 * contact point, and record supplementary notifications. Coordinator only, checked here and in the
 * service; a stale card or an error answers with the current record and every value typed.
 */
export function registerBreachDetails(router: Routes, deps: IncidentDeps): void {
  const { incidents, clock } = deps;

  /** The DPO role's holder as the suggested contact point: name and work e-mail as the grant keeps them. */
  const dpo = async (): Promise<BreachDetailsOptions['dpo']> => {
    try {
      const [holder] = await deps.roles.holders('dpo');
      const grant = holder ? await deps.roles.grantOf(holder, 'dpo') : undefined;
      return grant?.name ? { name: grant.name, contact: grant.email } : undefined;
    } catch (error) {
      deps.logger.warn({ err: error }, 'dpo grant not readable; contact point not suggested');
      return undefined;
    }
  };

  const render = async (turn: Turn, incident: Incident, options: Omit<BreachDetailsOptions, 'dpo'> = {}) =>
    breachDetailsCard(turn.actor.locale, incident, { ...options, dpo: await dpo() });

  const current = async (turn: Turn) => {
    const { incident } = await incidents.get(asIncidentActor(turn.actor), turn.data.number);
    if (!incident.isBreach) throw new NotFoundError('breach');
    return incident;
  };

  router.action(verbs.incidentBreachDetails, async (turn) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('breach details');
    await turn.show(await render(turn, await current(turn)));
  });

  const saving =
    (apply: (turn: Turn, inputs: DetailsInputs) => Promise<Incident>, savedKey: string) => async (turn: Turn) => {
      if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('breach details');
      const locale = turn.actor.locale;
      const inputs = typed(turn.data);
      try {
        const changed = await apply(turn, inputs);
        await turn.reply(await render(turn, changed, { banner: { text: t(locale, savedKey), isError: false } }));
      } catch (error) {
        if (error instanceof ConflictError)
          return turn.reply(
            await render(turn, await current(turn), {
              banner: { text: t(locale, 'common.errorConflict'), isError: true },
            }),
          );
        if (error instanceof ValidationError)
          return turn.reply(
            await render(turn, await current(turn), {
              banner: {
                text: t(locale, error.fields.form ?? 'incidents.triage.fixErrors'),
                isError: true,
              },
              errors: error.fields,
              entered: inputs,
            }),
          );
        throw error;
      }
    };

  router.action(
    verbs.incidentBreachDetailsSave,
    saving(({ actor, data }, inputs) => {
      const { draft, errors } = readBreachDetails(inputs);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return incidents.recordBreachDetails(asIncidentActor(actor), data.number, data.version, draft);
    }, 'incidents.breachDetails.saved'),
  );

  router.action(
    verbs.incidentBreachSupplement,
    saving(({ actor, data }, inputs) => {
      const { draft, errors } = readSupplement(inputs, clock.now());
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return incidents.recordSupplement(asIncidentActor(actor), data.number, data.version, draft);
    }, 'incidents.breachDetails.supplementSaved'),
  );

  router.action(
    verbs.incidentBreachSupplementCorrect,
    saving(({ actor, data }, inputs) => {
      const { draft, errors } = readSupplementCorrection(inputs, clock.now());
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return incidents.correctSupplement(asIncidentActor(actor), data.number, data.version, draft);
    }, 'supplementCorrection.saved'),
  );
}
