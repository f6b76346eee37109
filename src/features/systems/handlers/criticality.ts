import { verbs } from '../../verbs';
import { ConflictError, ForbiddenError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { criticalityCard } from '../cards';
import { criticalityFields, parseCategory, parseCriticality, pickInputs } from '../form';
import { asSystemActor, type SystemDeps } from './context';
import { renderSystemCard } from './render';
import type { Routes } from '../../turn';

/**
 * Criticality (P4): the owner or coordinator answers the criteria and gets the proposed category with
 * its reasons; the coordinator confirms it or overrides it with a reason.
 */
export function registerCriticality(router: Routes, deps: SystemDeps): void {
  const { systems } = deps;
  const render = renderSystemCard.bind(undefined, deps);

  router.action(verbs.systemClassify, async (turn) => {
    const { actor, data, show, reply } = turn;
    const sa = asSystemActor(actor);
    const isCoordinator = actor.roles.has('coordinator');
    const { system } = await systems.get(sa, data.id);
    if (data.step !== 'propose') return show(criticalityCard(actor.locale, { system, isCoordinator }));
    const inputs = pickInputs(data, [...criticalityFields, 'category', 'overrideReason']);
    try {
      const changed = await systems.classify(sa, system.id, data.version, parseCriticality(inputs));
      const banner = isCoordinator ? '' : t(actor.locale, 'systems.criticality.awaitingCoordinator');
      await reply(
        criticalityCard(actor.locale, { system: changed, isCoordinator, banner: { text: banner, isError: false } }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
      const current = (await systems.get(sa, system.id)).system;
      const text = t(actor.locale, error instanceof ConflictError ? 'common.errorConflict' : 'systems.form.fixErrors');
      await reply(
        criticalityCard(actor.locale, {
          system: current,
          isCoordinator,
          values: inputs,
          errors: error instanceof ValidationError ? error.fields : undefined,
          banner: { text, isError: true },
        }),
      );
    }
  });

  router.action(verbs.systemConfirm, async (turn) => {
    const { actor, data, reply } = turn;
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('confirm category');
    const sa = asSystemActor(actor);
    const category = parseCategory(data.category);
    const reason = pickInputs(data, ['overrideReason']).overrideReason ?? '';
    try {
      if (!category) throw new ValidationError({ overrideReason: 'systems.errors.required' });
      const changed = await systems.confirmCategory(sa, data.id, data.version, category, reason.slice(0, 1000));
      const text = t(actor.locale, 'systems.criticality.confirmed', {
        category: t(actor.locale, `systems.categories.${category}`),
      });
      await reply(await render(turn, changed, { text, isError: false }));
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
      const { system } = await systems.get(sa, data.id);
      const text = t(
        actor.locale,
        error instanceof ConflictError ? 'common.errorConflict' : (error.fields.form ?? 'systems.form.fixErrors'),
      );
      await reply(
        criticalityCard(actor.locale, {
          system,
          isCoordinator: true,
          // The category chosen and the reason typed stay, so an override is not silently lost.
          values: { ...pickInputs(data, [...criticalityFields, 'overrideReason']), category: category ?? '' },
          errors: error instanceof ValidationError ? error.fields : undefined,
          banner: { text, isError: true },
        }),
      );
    }
  });
}
