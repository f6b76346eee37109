import { verbs } from '../../verbs';
import { ConflictError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { majorChangeNoticeCard } from '../cards';
import { parseMajorChange, parseRiskAssessment, pickInputs } from '../form';
import type { SystemRecord } from '../model';
import { asSystemActor, type SystemDeps } from './context';
import { renderSystemCard } from './render';
import type { Routes, Turn } from '../../turn';

/** The inputs of the system card's risk assessment and major change forms, kept when a form is re-shown. */
const detailInputs = ['riskDate', 'riskSummary', 'riskLink', 'changeArea', 'changeDescription'];

/**
 * The system card (P4, P8): open it, record a risk assessment, record a major change (which makes
 * the risk assessment due now and tells the coordinator, who decides on a new DPIA screening).
 */
export function registerSystemCard(router: Routes, deps: SystemDeps): void {
  const { systems } = deps;
  const render = renderSystemCard.bind(undefined, deps);

  router.action(verbs.systemView, async (turn) => {
    const { system } = await systems.get(asSystemActor(turn.actor), turn.data.id);
    await turn.show(await render(turn, system));
  });

  /** Runs a change from the system card; a validation error or an outdated card answers with the current card. */
  const changing =
    (apply: (turn: Turn) => Promise<SystemRecord>, savedKey = 'systems.detail.saved') =>
    async (turn: Turn) => {
      const sa = asSystemActor(turn.actor);
      try {
        const changed = await apply(turn);
        await turn.reply(await render(turn, changed, { text: t(turn.actor.locale, savedKey), isError: false }));
      } catch (error) {
        if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
        const { system } = await systems.get(sa, turn.data.id);
        const text =
          error instanceof ConflictError
            ? t(turn.actor.locale, 'common.errorConflict')
            : t(turn.actor.locale, error.fields.form ?? 'systems.form.fixErrors');
        await turn.reply(
          await render(
            turn,
            system,
            { text, isError: true },
            error instanceof ValidationError ? error.fields : undefined,
            error instanceof ValidationError ? pickInputs(turn.data, detailInputs) : undefined,
          ),
        );
      }
    };

  router.action(
    verbs.systemRisk,
    changing(({ actor, data }) =>
      systems.recordRiskAssessment(
        asSystemActor(actor),
        data.id,
        data.version,
        parseRiskAssessment(pickInputs(data, ['riskDate', 'riskSummary', 'riskLink']), actor.name),
      ),
    ),
  );
  router.action(
    verbs.systemChange,
    changing(async ({ actor, data }) => {
      const changed = await systems.recordMajorChange(
        asSystemActor(actor),
        data.id,
        data.version,
        parseMajorChange(pickInputs(data, ['changeArea', 'changeDescription'])),
      );
      // The coordinator decides on a new DPIA screening (P8): tell them when an owner raised it.
      if (!actor.roles.has('coordinator')) void notifyMajorChange(deps, changed);
      return changed;
    }, 'systems.detail.changeRecorded'),
  );
}

/** Posts an owner's major change to the coordinator channel; a failure is logged, the change is stored anyway. */
async function notifyMajorChange(deps: SystemDeps, system: SystemRecord): Promise<void> {
  try {
    const channel = await deps.conversations.channelFor('coordinator');
    if (!channel) {
      deps.logger.warn({ system: system.id }, 'no coordinator channel registered; major change not posted');
      return;
    }
    const delivery = await deps.notifier.send(channel, majorChangeNoticeCard('da', system));
    deps.logger.info({ system: system.id, delivery }, 'coordinator channel told of a major change');
  } catch (error) {
    deps.logger.error({ system: system.id, err: error }, 'major change notice failed');
  }
}
