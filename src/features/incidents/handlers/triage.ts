import { verbs } from '../../verbs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { messageCard } from '../../../platform/message-cards';
import { detailCard, listCard, statusCard } from '../cards';
import { notificationFormCard } from '../notification-text';
import { reporterHistory } from '../reporter-history';
import { triageCard } from '../triage-card';
import { awarenessRegimes, type AwarenessRegime } from '../awareness';
import { notifyDpoOfBreach } from '../dpo-notice';
import { parseLocal, toLocalInputs } from '../deadlines';
import {
  incidentStates,
  nis2StepKeys,
  nis2Steps,
  severities,
  type HistoryEntry,
  type Incident,
  type IncidentState,
  type Nis2Step,
  type Severity,
} from '../model';
import { asIncidentActor, field, recordUndelivered, type IncidentDeps } from './context';
import { noticeKey } from '../undelivered';
import { enteredTriage } from './triage-inputs';
import { pickAssignee } from './people-pick';
import { notificationTime } from '../breach-form';
import type { Routes, Turn } from '../../turn';

const oneOf = <T extends string>(options: readonly T[], value: string): T | undefined =>
  options.find((option) => option === value);
const toggle = (value: string): boolean | undefined =>
  value === 'true' ? true : value === 'false' ? false : undefined;

/**
 * The coordinator's side (P1–P3): open list, triage card (also as the channel card's refresh),
 * state/severity/assignee, remedial measures, the awareness time and the NIS2 reports sent (the
 * breach decision has its own card: `breach-decision.ts`).
 * Every action checks the role on the server (in the service), whatever the card showed.
 */
export function registerTriage(router: Routes, deps: IncidentDeps): void {
  const { clock, incidents, config } = deps;
  const links = { generalPlan: config.links.generalPlan, breachPlan: config.links.breachPlan };

  const render = async (
    turn: Turn,
    incident: Incident,
    shown: {
      banner?: { text: string; isError: boolean };
      errors?: Record<string, string>;
      entered?: Record<string, string>;
      history?: HistoryEntry[];
    } = {},
  ) => {
    const actor = asIncidentActor(turn.actor);
    const [history, coordinatorIds, systemPlan] = await Promise.all([
      shown.history ?? incidents.history(actor, incident),
      deps.roles.holders('coordinator'),
      incident.kind === 'system' && incident.systemName
        ? deps.systems?.planFor(incident.systemName).catch(() => undefined)
        : undefined,
    ]);
    return triageCard(turn.actor.locale, {
      incident,
      history,
      coordinatorIds,
      links: { ...links, systemPlan },
      now: clock.now(),
      banner: shown.banner,
      errors: shown.errors,
      entered: shown.entered,
    });
  };

  /**
   * Runs a change; an outdated card or a validation error answers with the current card, never an
   * overwrite. `tell` sends what the change must tell someone before the answer, which says how it went.
   */
  const changing =
    (
      apply: (turn: Turn) => Promise<Incident>,
      after?: (turn: Turn, before: Incident, incident: Incident) => Promise<void>,
      tell?: (turn: Turn, before: Incident, incident: Incident) => Promise<Told | undefined>,
    ) =>
    async (turn: Turn) => {
      if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('triage');
      const actor = asIncidentActor(turn.actor);
      const current = async () => (await incidents.get(actor, turn.data.number)).incident;
      try {
        const before = await current();
        let changed = await apply(turn);
        const told = await tell?.(turn, before, changed);
        if (told?.incident) changed = told.incident;
        const saved = t(turn.actor.locale, 'incidents.triage.saved');
        await turn.reply(
          await render(turn, changed, {
            banner: { text: told ? `${saved} ${told.text}` : saved, isError: told?.isError ?? false },
          }),
        );
        await after?.(turn, before, changed);
      } catch (error) {
        if (error instanceof ConflictError) {
          return turn.reply(
            await render(turn, await current(), {
              banner: { text: t(turn.actor.locale, 'common.errorConflict'), isError: true },
            }),
          );
        }
        if (error instanceof ValidationError) {
          const banner = error.fields.form
            ? t(turn.actor.locale, error.fields.form)
            : t(turn.actor.locale, 'incidents.triage.fixErrors');
          return turn.reply(
            await render(turn, await current(), {
              banner: { text: banner, isError: true },
              errors: error.fields,
              entered: enteredTriage(turn.data),
            }),
          );
        }
        throw error;
      }
    };

  const openList = async ({ actor, data, show }: Turn) => {
    const page = await incidents.listOpen(asIncidentActor(actor), {
      kind: data.kind,
      severity: data.severity,
      after: data.after,
    });
    await show(
      listCard(actor.locale, {
        kind: 'open',
        incidents: page.incidents,
        isCoordinator: true,
        today: toLocalInputs(clock.now()).date,
        filter: { kind: page.kind, severity: page.severity },
        page,
      }),
    );
  };
  router.command(['åbne hændelser', 'hændelser', 'open incidents', 'incidents'], openList);
  router.action(verbs.incidentOpen, openList);

  router.action(verbs.incidentView, async (turn) => {
    const actor = asIncidentActor(turn.actor);
    const { incident } = await incidents.get(actor, turn.data.number);
    const card = turn.actor.roles.has('coordinator')
      ? await render(turn, incident)
      : detailCard(
          turn.actor.locale,
          incident,
          reporterHistory(turn.actor.locale, await incidents.historyForReporter(actor, incident)),
        );
    await turn.show(card);
  });

  router.action(verbs.incidentRefresh, async (turn) => {
    const actor = asIncidentActor(turn.actor);
    if (!turn.actor.roles.has('coordinator')) {
      // Anyone outside the coordinator role gets no details, whatever the card carried (P10).
      return turn.reply(messageCard(turn.actor.locale, t(turn.actor.locale, 'incidents.notice.restricted'), false));
    }
    const { incident, history } = await incidents.view(actor, turn.data.number);
    await turn.reply(await render(turn, incident, { history }));
  });

  router.action(
    verbs.incidentTriage,
    changing(
      async (turn) => {
        const { actor, data } = turn;
        const assigned = await pickAssignee(turn, deps);
        return incidents.triage(asIncidentActor(actor), data.number, data.version, {
          state: oneOf<IncidentState>(incidentStates, field(data, 'state', 20)),
          severity: oneOf<Severity>(severities, field(data, 'severity', 20)),
          ...assigned,
          isBreach: toggle(field(data, 'isBreach', 5)),
          nis2Significant: toggle(field(data, 'nis2Significant', 5)),
          comment: field(data, 'comment', 1000),
          confirmOpenMeasures: toggle(field(data, 'confirmOpenMeasures', 5)),
        });
      },
      async (_turn, before, incident) => {
        if (!before.isBreach && incident.isBreach) void notifyDpoOfBreach(deps, incident);
      },
      async (turn, before, incident) => {
        if (before.state === incident.state || !['resolved', 'closed', 'notAnIncident'].includes(incident.state))
          return undefined;
        return tellReporter(deps, turn, incident);
      },
    ),
  );

  router.action(
    verbs.incidentMeasureDone,
    changing(({ actor, data }) =>
      incidents.completeMeasure(asIncidentActor(actor), data.number, data.version, data.measureId),
    ),
  );

  router.action(verbs.incidentBreachForm, async (turn) => {
    const { incident } = await incidents.view(asIncidentActor(turn.actor), turn.data.number);
    if (!incident.isBreach) throw new NotFoundError('breach');
    await turn.show(notificationFormCard(turn.actor.locale, incident));
  });

  router.action(
    verbs.incidentAwareness,
    changing(({ actor, data }) => {
      const at = parseLocal(field(data, 'awarenessDate', 10), field(data, 'awarenessTime', 8));
      if (!at) throw new ValidationError({ awarenessDate: 'incidents.errors.invalidDate' });
      const regime = oneOf<AwarenessRegime>(awarenessRegimes, field(data, 'awarenessRegime', 5));
      return incidents.setAwareness(
        asIncidentActor(actor),
        data.number,
        data.version,
        at,
        field(data, 'awarenessReason', 500),
        regime,
      );
    }),
  );

  router.action(
    verbs.incidentNis2Sent,
    changing(({ actor, data }) => {
      const step = oneOf<Nis2Step>(nis2Steps, field(data, 'step', 20));
      if (!step) throw new NotFoundError('nis2 step');
      const keys = nis2StepKeys[step];
      const sentAt = notificationTime(field(data, keys.date, 10), field(data, keys.time, 8));
      if (!sentAt)
        throw new ValidationError({ form: 'incidents.errors.nis2SentAt', [keys.date]: 'incidents.errors.dateTime' });
      return incidents.recordNis2Sent(asIncidentActor(actor), data.number, data.version, step, sentAt);
    }),
  );

  router.action(
    verbs.incidentNis2Clear,
    changing(({ actor, data }) => {
      const step = oneOf<Nis2Step>(nis2Steps, field(data, 'step', 20));
      if (!step) throw new NotFoundError('nis2 step');
      return incidents.withdrawNis2Sent(asIncidentActor(actor), data.number, data.version, step);
    }),
  );
}

/** What telling someone of a change came to: said in the coordinator's answer; the incident as then stored. */
interface Told {
  text: string;
  isError: boolean;
  incident?: Incident;
}

/** How long the coordinator's answer waits for the reporter's message (Teams wants an answer within ~5 s). */
const TELL_WAIT_MS = 3000;

/**
 * Tells the reporter in their personal chat that their incident was resolved or closed (P1), and
 * the coordinator truthfully how that went (#15 item 2): told; still being sent; or not told — no
 * chat with the bot, a chat Teams called gone, or no answer — recorded in the incident's history.
 */
async function tellReporter(deps: IncidentDeps, turn: Turn, incident: Incident): Promise<Told> {
  const locale = turn.actor.locale;
  const notTold = async (reason: 'noChat' | 'gone' | 'failed'): Promise<Told> => {
    await recordUndelivered(deps, noticeKey('reporter', incident.number, deps.clock.now().toISOString()), reason);
    const recorded = await deps.incidents
      .recordReporterNotTold(asIncidentActor(turn.actor), incident.number, reason)
      .catch((error: unknown) => {
        deps.logger.error({ incident: incident.number, err: error }, 'undelivered reporter message not recorded');
        return undefined;
      });
    return { text: t(locale, `reporterNotice.${reason}`), isError: true, incident: recorded };
  };
  try {
    const chat = await deps.conversations.personalChatOf(incident.reporterId);
    if (!chat) {
      deps.logger.warn({ incident: incident.number }, 'reporter has no stored personal chat; not told');
      return notTold('noChat');
    }
    const sending = deps.notifier.send(chat, statusCard(incident.reporterLocale ?? 'da', incident));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'pending'>((resolve) => {
      timer = setTimeout(() => resolve('pending'), TELL_WAIT_MS);
    });
    const delivery = await Promise.race([sending, waited]);
    clearTimeout(timer);
    if (delivery === 'pending') {
      // Still retrying within Teams' limits: its outcome is recorded when it ends.
      void sending.then((late) => (late === 'sent' ? undefined : notTold(late))).catch(() => undefined);
      return { text: t(locale, 'reporterNotice.pending'), isError: false };
    }
    if (delivery === 'sent') return { text: t(locale, 'reporterNotice.sent'), isError: false };
    return notTold(delivery);
  } catch (error) {
    deps.logger.error({ incident: incident.number, err: error }, 'reporter status message failed');
    return notTold('failed');
  }
}
