import type { Routes, Turn } from '../turn';
import { verbs } from '../verbs';
import { danishToday } from '../../clock';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import { cardText } from '../../text';
import { parseLocal } from '../incidents/deadlines';
import { findNamed } from '../incidents/handlers/people-pick';
import { measureInputIds } from '../incidents/measure-cards';
import { sendMeasureToOwner } from '../measures/send';
import type { RiskDeps } from './context';
import { riskMeasuresCard } from './measure-cards';

const inputLimits: Record<(typeof measureInputIds)[number], number> = {
  measureText: 500,
  measureOwnerPick: 200,
  measureOwner: 120,
  measureDue: 10,
};

/**
 * A risk's treatment measures (#19, #20 item 3): the measures card (everyone who may see the risk),
 * and adding a measure whose owner is a person — the coordinator, or a system owner for a risk of his
 * own systems — sent at once to the owner's personal chat.
 *
 * @remarks P10: who may add is decided by the risk register on the server ({@link RiskMeasureService}),
 * and the owner is whoever Teams answers for the pick or the typed work e-mail; someone Teams does not
 * know is refused at the field with every value kept. An owner the bot cannot reach is flagged.
 */
export function registerRiskMeasures(router: Routes, deps: RiskDeps): void {
  const today = () => danishToday(deps.clock.now());

  router.action(verbs.riskMeasures, async ({ actor, data, show }) => {
    const { risk, canChange } = await deps.risks.get(actor, data.id);
    await show(riskMeasuresCard(actor.locale, risk, today(), { canAdd: canChange }));
  });

  router.action(verbs.riskMeasureAdd, async (turn: Turn) => {
    const { actor, data, reply } = turn;
    const typed = Object.fromEntries(measureInputIds.map((id) => [id, cardText(data, id, inputLimits[id])]));
    const again = async (banner: string, errors: Record<string, string> = {}) => {
      const { risk, canChange } = await deps.risks.get(actor, data.id);
      return reply(
        riskMeasuresCard(actor.locale, risk, today(), {
          canAdd: canChange,
          banner: { text: banner, isError: true },
          errors,
          entered: typed,
        }),
      );
    };
    const { canChange } = await deps.risks.get(actor, data.id); // not seen: "not found" before any look-up
    if (!canChange) throw new ForbiddenError('risk measure');
    try {
      const named = typed.measureOwnerPick || typed.measureOwner || '';
      const owner = await findNamed(turn, deps, named, 'measureOwner');
      const errors: Record<string, string> = {};
      if (!typed.measureText) errors.measureText = 'incidents.errors.required';
      if (!owner) errors.measureOwner = named ? 'measures.errors.ownerNotFound' : 'incidents.errors.required';
      if (!parseLocal(typed.measureDue ?? '', undefined)) errors.measureDue = 'incidents.errors.dueDate';
      if (Object.keys(errors).length > 0 || !owner) throw new ValidationError(errors);
      const { risk, added } = await deps.riskMeasures.add(actor, data.id, data.version, {
        text: typed.measureText ?? '',
        owner: owner.name || owner.email || owner.userId,
        ownerId: owner.userId,
        ...(owner.email ? { ownerEmail: owner.email } : {}),
        dueDate: typed.measureDue ?? '',
      });
      const parent = { kind: 'risk' as const, id: risk.id, title: risk.title };
      const reached = (await sendMeasureToOwner(deps, parent, added, actor.name)) === 'sent';
      const after = (await deps.riskMeasures.recordNotice(risk.id, added.id, reached)) ?? risk;
      const said = t(actor.locale, reached ? 'measures.card.added' : 'measures.card.addedUnreachable', {
        owner: added.owner,
      });
      await reply(
        riskMeasuresCard(actor.locale, after, today(), { canAdd: true, banner: { text: said, isError: !reached } }),
      );
    } catch (error) {
      if (error instanceof ValidationError)
        return again(
          error.fields.form ? t(actor.locale, error.fields.form) : t(actor.locale, 'measures.card.fixErrors'),
          error.fields,
        );
      if (error instanceof ConflictError) return again(t(actor.locale, 'common.errorConflict'));
      throw error;
    }
  });
}
