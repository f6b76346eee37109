import { verbs } from '../../verbs';
import { ConflictError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { ADVICE_MAX, type DpoBreachService } from '../dpo-breach';
import { dpoBreachCard } from '../dpo-cards';
import { asIncidentActor, field } from './context';
import type { Routes, Turn } from '../../turn';

/** What the DPO's breach routes need. */
export interface DpoBreachDeps {
  dpoBreaches: DpoBreachService;
}

/**
 * The data protection officer's breach routes (P3, GDPR art. 39): open a breach from the notice,
 * and give advice that is kept in its history. Roles are checked by the service, on the server.
 */
export function registerDpoBreach(router: Routes, deps: DpoBreachDeps): void {
  const show = async (
    turn: Turn,
    options: { banner?: { text: string; isError: boolean }; adviceValue?: string; adviceError?: string } = {},
  ) => {
    const { incident, history } = await deps.dpoBreaches.view(asIncidentActor(turn.actor), turn.data.number);
    await turn.show(dpoBreachCard(turn.actor.locale, incident, { history, ...options }));
  };

  router.action(verbs.incidentDpoView, (turn) => show(turn));

  router.action(verbs.incidentDpoAdvice, async (turn) => {
    const { actor, data } = turn;
    const advice = field(data, 'advice', ADVICE_MAX + 1);
    try {
      if (advice.length > ADVICE_MAX) throw new ValidationError({ advice: 'incidents.errors.tooLong' });
      await deps.dpoBreaches.advise(asIncidentActor(actor), data.number, data.version, advice);
    } catch (error) {
      // The card comes back with the advice as typed: nothing the DPO wrote is lost.
      if (error instanceof ValidationError)
        return show(turn, { adviceValue: advice, adviceError: Object.values(error.fields)[0] });
      if (error instanceof ConflictError)
        return show(turn, {
          adviceValue: advice,
          banner: { text: t(actor.locale, 'dpo.breach.changed'), isError: true },
        });
      throw error;
    }
    await show(turn, { banner: { text: t(actor.locale, 'dpo.breach.adviceSaved'), isError: false } });
  });
}
