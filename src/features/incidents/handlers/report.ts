import { notifyDpoOfBreach } from '../dpo-notice';
import { createHash } from 'node:crypto';
import type { Delivery } from '../../../platform/notifier';
import { verbs } from '../../verbs';
import { StorageUnavailableError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { messageCard } from '../../../platform/message-cards';
import { pseudonym } from '../../../platform/pseudonym';
import { confirmationCard, listCard, reportCard } from '../cards';
import type { Incident } from '../model';
import { coordinatorNotice, noticeRetryJob } from '../notice-job';
import { matchSystem, parseReport, pickInputs } from '../report-form';
import { ReportLimit } from '../report-limit';
import { asIncidentActor, systemNames, type IncidentDeps } from './context';
import type { Routes, Turn } from '../../turn';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The submission key: the card's draft id, or (for a card without one) a hash of what was typed. */
const submissionKey = (data: Record<string, unknown>, inputs: Record<string, string>): string =>
  typeof data.draftId === 'string' && uuid.test(data.draftId)
    ? data.draftId.toLowerCase()
    : createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);

/**
 * Reporting (P1): the report card, submit with validation and double-submit safety, the
 * receipt, the coordinator channel's notice, and the reporter's own list.
 */
export function registerReporting(router: Routes, deps: IncidentDeps): void {
  const { clock, incidents, logger } = deps;
  const { count, minutes } = deps.config.reportLimit;
  const limit = new ReportLimit(count, minutes * 60_000, () => clock.now().getTime());

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
      const inputs = pickInputs(data);
      const key = submissionKey(data, inputs);
      const draftId = typeof data.draftId === 'string' && uuid.test(data.draftId) ? data.draftId : undefined;
      // The system named is found in the register (a list to choose from when several match);
      // without a readable register the name is kept as given. No system named, no register read.
      const registered = inputs.systemName ? await systemNames(deps) : undefined;
      const system = inputs.systemName && registered?.length ? matchSystem(inputs.systemName, registered) : undefined;
      const matches = system && 'choices' in system ? system.choices : undefined;
      if (system && 'name' in system) inputs.systemName = system.name;
      const again = async (banner: string, errors: Record<string, string> = {}) =>
        reply(
          reportCard(actor.locale, {
            values: matches?.length ? { ...inputs, systemName: '' } : inputs,
            errors,
            banner,
            draftId,
            now: clock.now(),
            systemNames: registered ?? (await systemNames(deps)),
            systemMatches: matches?.length ? matches : undefined,
          }),
        );
      const systemError: Record<string, string> = matches
        ? { systemName: matches.length > 0 ? 'incidents.errors.systemPick' : 'incidents.errors.systemUnknown' }
        : {};
      let result: { incident: Incident; created: boolean };
      try {
        const report = parseReport(inputs, clock.now());
        if (matches) throw new ValidationError(systemError);
        // Checked only for a report that would be stored; a repeat of an admitted one always passes.
        if (!limit.admit(actor.userId, key)) {
          logger.warn({ user: pseudonym(actor.userId) }, 'report refused: too many new reports from one person');
          return again(t(actor.locale, 'incidents.report.tooMany', { count, minutes }));
        }
        result = await incidents.report(asIncidentActor(actor), report, key);
      } catch (error) {
        if (error instanceof ValidationError)
          return again(t(actor.locale, 'incidents.report.fixErrors'), { ...error.fields, ...systemError });
        if (error instanceof StorageUnavailableError) {
          logger.error(
            { user: pseudonym(actor.userId) },
            'incident report could not be stored; the user was asked to retry',
          );
          return again(t(actor.locale, 'incidents.report.saveFailed'));
        }
        throw error;
      }
      await reply(confirmationCard(actor.locale, result.incident));
      if (result.created) {
        logger.info(
          { incident: result.incident.number, kind: result.incident.kind, user: pseudonym(actor.userId) },
          'incident reported',
        );
        // Not awaited: Teams wants the invoke answered within seconds, and a throttled channel
        // post may take longer. notifyCoordinators logs its own failures.
        void notifyCoordinators(deps, result.incident);
        if (result.incident.isBreach) void notifyDpoOfBreach(deps, result.incident);
      }
    }),
  );

  const mine = personalOnly(async ({ actor, data, show }) => {
    const page = await incidents.listMine(asIncidentActor(actor), { after: data.after });
    await show(listCard(actor.locale, { kind: 'mine', incidents: page.incidents, isCoordinator: false, page }));
  });
  router.command(['mine hændelser', 'mine anmeldelser', 'my incidents', 'my reports'], mine);
  router.action(verbs.incidentMine, mine);
}

/**
 * Posts the notice to the coordinator channel (P1: "at once"). A failure is logged, never shown
 * to the reporter: the incident is stored and in the open list whatever happens here. A notice
 * Teams did not take is scheduled again as a durable job ({@link noticeRetryJob}).
 */
export async function notifyCoordinators(deps: IncidentDeps, incident: Incident): Promise<void> {
  let delivery: Delivery | undefined;
  try {
    const notice = await coordinatorNotice(deps, incident);
    if (!notice) {
      deps.logger.warn(
        { incident: incident.number },
        'no coordinator channel registered; the incident is in the open list only',
      );
      return;
    }
    delivery = await deps.notifier.send(notice.channel, notice.card, { urgent: incident.isBreach });
    deps.logger.info({ incident: incident.number, delivery }, 'coordinator channel notified');
  } catch (error) {
    deps.logger.error({ incident: incident.number, err: error }, 'coordinator notice failed');
  }
  if (delivery === 'sent' || delivery === 'gone') return;
  try {
    await deps.jobs?.schedule(noticeRetryJob(incident.number, deps.clock.now()));
    deps.logger.info({ incident: incident.number }, 'coordinator notice scheduled again');
  } catch (error) {
    deps.logger.error(
      { incident: incident.number, err: error },
      'coordinator notice could not be scheduled again; the incident is in the open list only',
    );
  }
}
