import type { Routes } from '../../turn';
import type { Turn } from '../../turn';
import { verbs } from '../../verbs';
import { t } from '../../../i18n';
import { messageCard } from '../../../platform/message-cards';
import { confirmationCard, listCard, reportCard } from '../cards';
import { asIncidentActor, systemNames, type IncidentDeps } from './context';
import type { ReportFlow } from './report-flow';

/**
 * Reporting (P1): the report card, submit with validation and double-submit safety, the
 * receipt, the coordinator channel's notice, and the reporter's own list.
 */
export function registerReporting(router: Routes, deps: IncidentDeps, flow: ReportFlow): void {
  const { clock, incidents } = deps;

  /** Reports and one's own list are private: in a channel or group chat the bot points to the personal chat. */
  const personalOnly =
    (handler: (turn: Turn) => Promise<void>) =>
    async (turn: Turn): Promise<void> =>
      turn.actor.conversationType === 'personal'
        ? handler(turn)
        : turn.show(messageCard(turn.actor.locale, t(turn.actor.locale, 'incidents.report.personalOnly'), false));

  const openForm = personalOnly(async ({ actor, show }) =>
    show(reportCard(actor.locale, { now: clock.now(), systemNames: await systemNames(deps) })),
  );
  // "meld hændelse" is what the cards say (a person melder to the coordinator; only the municipality
  // anmelder to Datatilsynet); the older "anmeld hændelse" keeps working for those used to it.
  router.command(
    ['meld hændelse', 'meld', 'anmeld hændelse', 'anmeld', 'ny hændelse', 'report incident', 'report', 'new incident'],
    openForm,
  );
  router.action(verbs.incidentNew, openForm);

  router.action(
    verbs.incidentSubmit,
    personalOnly(async ({ actor, data, reply }) => {
      const outcome = await flow.submit(actor, data);
      if (outcome.kind === 'again') return reply(reportCard(actor.locale, outcome.card));
      await reply(confirmationCard(actor.locale, outcome.incident));
      if (outcome.created) flow.announce(outcome.incident);
    }),
  );

  const mine = personalOnly(async ({ actor, data, show }) => {
    const page = await incidents.listMine(asIncidentActor(actor), { after: data.after });
    await show(listCard(actor.locale, { kind: 'mine', incidents: page.incidents, isCoordinator: false, page }));
  });
  router.command(['mine hændelser', 'mine anmeldelser', 'my incidents', 'my reports'], mine);
  router.action(verbs.incidentMine, mine);
}
