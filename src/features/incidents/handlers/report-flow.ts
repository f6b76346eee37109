import { createHash } from 'node:crypto';
import type { Actor } from '../../turn';
import type { Delivery } from '../../../platform/notifier';
import { pseudonym } from '../../../platform/pseudonym';
import { StorageUnavailableError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import type { ReportOptions } from '../cards';
import { notifyDpoOfBreach } from '../dpo-notice';
import type { MessageEvidence } from '../message-evidence';
import type { Incident } from '../model';
import { coordinatorNotice, noticeRetryJob } from '../notice-job';
import { matchSystem, parseReport, pickInputs } from '../report-form';
import { ReportLimit } from '../report-limit';
import { asIncidentActor, systemNames, type IncidentDeps } from './context';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The submission key: the card's draft id, or (for a card without one) a hash of what was typed. */
const submissionKey = (data: Record<string, unknown>, inputs: Record<string, string>): string =>
  typeof data.draftId === 'string' && uuid.test(data.draftId)
    ? data.draftId.toLowerCase()
    : createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);

/** What a submit came to: the card to show again (values, errors, banner), or the stored incident. */
export type ReportOutcome =
  { kind: 'again'; card: ReportOptions } | { kind: 'stored'; incident: Incident; created: boolean };

/**
 * The one report flow (P1), whichever way the report card was submitted — in the personal chat or
 * in a message action's dialog: validation, the system named found in the register, the report
 * limit, idempotency by the card's draft id, and the coordinator and DPO notices.
 *
 * @remarks Teams-free: the caller renders the outcome as its surface needs (a card action's answer,
 * a dialog). One instance per bot, so the report limit counts every way a person reports.
 */
export class ReportFlow {
  private readonly limit: ReportLimit;

  constructor(private readonly deps: IncidentDeps) {
    const { count, minutes } = deps.config.reportLimit;
    this.limit = new ReportLimit(count, minutes * 60_000, () => deps.clock.now().getTime());
  }

  /** Validates and stores the report card's `data` (untrusted), with the message it was made from, if any. */
  async submit(actor: Actor, data: Record<string, unknown>, evidence?: MessageEvidence): Promise<ReportOutcome> {
    const { clock, incidents, logger } = this.deps;
    const { count, minutes } = this.deps.config.reportLimit;
    const inputs = pickInputs(data);
    const key = submissionKey(data, inputs);
    const draftId = typeof data.draftId === 'string' && uuid.test(data.draftId) ? data.draftId : undefined;
    // The system named is found in the register (a list to choose from when several match);
    // without a readable register the name is kept as given. No system named, no register read.
    const registered = inputs.systemName ? await systemNames(this.deps) : undefined;
    const system = inputs.systemName && registered?.length ? matchSystem(inputs.systemName, registered) : undefined;
    const matches = system && 'choices' in system ? system.choices : undefined;
    if (system && 'name' in system) inputs.systemName = system.name;
    const again = async (banner: string, errors: Record<string, string> = {}): Promise<ReportOutcome> => ({
      kind: 'again',
      card: {
        values: matches?.length ? { ...inputs, systemName: '' } : inputs,
        errors,
        banner,
        draftId,
        now: clock.now(),
        systemNames: registered ?? (await systemNames(this.deps)),
        systemMatches: matches?.length ? matches : undefined,
        evidence,
      },
    });
    const systemError: Record<string, string> = matches
      ? { systemName: matches.length > 0 ? 'incidents.errors.systemPick' : 'incidents.errors.systemUnknown' }
      : {};
    try {
      const report = parseReport(inputs, clock.now());
      if (matches) throw new ValidationError(systemError);
      // Checked only for a report that would be stored; a repeat of an admitted one always passes.
      if (!this.limit.admit(actor.userId, key)) {
        logger.warn({ user: pseudonym(actor.userId) }, 'report refused: too many new reports from one person');
        return again(t(actor.locale, 'incidents.report.tooMany', { count, minutes }));
      }
      const result = await incidents.report(asIncidentActor(actor), evidence ? { ...report, evidence } : report, key);
      if (result.created)
        logger.info(
          {
            incident: result.incident.number,
            kind: result.incident.kind,
            fromMessage: evidence !== undefined,
            user: pseudonym(actor.userId),
          },
          'incident reported',
        );
      return { kind: 'stored', ...result };
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
  }

  /**
   * Tells the coordinator channel (and the DPO for a breach) of a new incident. Not awaited by the
   * caller's answer: Teams wants the invoke answered within seconds, and a throttled channel post
   * may take longer; each notice logs its own failures.
   */
  announce(incident: Incident): void {
    void notifyCoordinators(this.deps, incident);
    if (incident.isBreach) void notifyDpoOfBreach(this.deps, incident);
  }
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
