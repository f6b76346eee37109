import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { Role } from '../access/roles';
import { versionedChange } from '../versioned-change';
import { gdprAwareness, initialAwareness, nis2Awareness, type AwarenessRegime } from './awareness';
import { isHandled } from './handled';
import type { BreachDecisionDraft } from './breach-form';
import {
  detailsChanges,
  type BreachDetailsDraft,
  type SupplementCorrectionDraft,
  type SupplementDraft,
} from './breach-details';
import { gdprDeadline, localYear } from './deadlines';
import type { IncidentListItem } from './list-item';
import {
  isOpen,
  incidentKinds,
  nis2StepKeys,
  nis2Steps,
  severities,
  incidentStates,
  type BreachDecision,
  type HistoryEntry,
  type Incident,
  type IncidentKind,
  type IncidentReport,
  type IncidentState,
  type Measure,
  type Nis2Step,
  type Nis2Update,
  type Severity,
  type SupplementaryNotification,
  subjectsOf,
} from './model';
import { formatNumber, parseNumber } from './numbering';
import type { Nis2UpdateDraft } from './nis2-updates';
import type { IncidentRepository, IncidentView, OpenListQuery } from './repository';
import { canMove } from './transitions';

/** The person acting, as the service needs to know them. */
export interface IncidentActor {
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
  locale?: 'da' | 'en';
}

/** A coordinator's triage change, as read from the triage card. */
export interface TriageChange {
  state?: IncidentState;
  severity?: Severity;
  assignee?: string;
  /** The assignee's object id as Teams answered for the person picked or typed ('' with no assignee). */
  assigneeId?: string;
  isBreach?: boolean;
  nis2Significant?: boolean;
  comment?: string;
  /** The coordinator confirms closing while remedial measures are still open (the comment says why). */
  confirmOpenMeasures?: boolean;
}

/** A measure as its owner sees it, with the number of its incident (#20). */
export interface OwnMeasure {
  number: string;
  measure: Measure;
}

const isCoordinator = (actor: IncidentActor): boolean => actor.roles.has('coordinator');

/**
 * How many open incidents one page of the coordinator's list shows: 30 rows with their overdue
 * measures fit the card budget (a row is about 650 bytes; 50 did not fit).
 */
export const OPEN_PAGE_SIZE = 30;

/** What a page of the open list was asked for, as card data carries it (untrusted). */
export interface OpenListRequest {
  kind?: unknown;
  severity?: unknown;
  /** The last number the previous page showed. */
  after?: unknown;
}

/** A reporter's own reports, a page at a time. */
export const MINE_PAGE_SIZE = 20;

/** One page of a reporter's own reports. */
export type MinePage = Omit<OpenPage, 'kind' | 'severity'>;

/** One page of the open list, with the filter it applied. */
export interface OpenPage {
  incidents: IncidentListItem[];
  kind?: IncidentKind;
  severity?: Severity;
  /** The number this page starts after; none on the first page. */
  after?: string;
  /** The number the next page starts after; none when this is the last page. */
  next?: string;
}

const isEmpty = (value: unknown): boolean => value === undefined || value === '';

/** The query a card asked for; a value the card does not offer is a bad request, not an empty list. */
function openListQuery(request: OpenListRequest): OpenListQuery {
  const kind = incidentKinds.find((option) => option === request.kind);
  const severity = severities.find((option) => option === request.severity);
  const after = isEmpty(request.after) ? undefined : parseNumber(request.after);
  if (
    (!isEmpty(request.kind) && !kind) ||
    (!isEmpty(request.severity) && !severity) ||
    (!isEmpty(request.after) && !after)
  )
    throw new ValidationError({ form: 'incidents.list.badRequest' });
  return { kind, severity, after };
}

/**
 * The incident log's rules (P1–P3, P10): who may see and change what, numbering, state changes,
 * remedial measures and the breach decision. No Teams and no Azure types in here.
 */
export class IncidentService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly clock: Clock,
  ) {}

  /** Files a report from anyone in the tenant (P1); the same submission twice gives one incident. */
  async report(
    actor: IncidentActor,
    report: IncidentReport,
    submissionKey: string,
  ): Promise<{ incident: Incident; created: boolean }> {
    const now = this.clock.now();
    const isBreach = report.kind === 'personalData' || report.personalData === 'yes';
    return this.repo.create(
      {
        ...report,
        reporterId: actor.userId,
        reporterName: actor.name,
        reporterLocale: actor.locale,
        reportedAt: now.toISOString(),
        state: 'received',
        isBreach,
        awarenessAt: isBreach ? initialAwareness(report, now).toISOString() : undefined,
        nis2Significant: false,
        measures: [],
      },
      localYear(now),
      `${actor.userId}~${submissionKey}`,
      { at: now.toISOString(), by: actor.userId, byName: actor.name, action: 'reported', changes: {} },
    );
  }

  /** One incident, for its reporter or a coordinator; anyone else is told it does not exist (P10). */
  async get(actor: IncidentActor, number: unknown): Promise<{ incident: Incident; etag: string }> {
    const parsed = parseNumber(number);
    if (!parsed) throw new NotFoundError('incident');
    const stored = await this.repo.get(parsed.year, parsed.seq);
    if (!stored || !(isCoordinator(actor) || stored.incident.reporterId === actor.userId))
      throw new NotFoundError('incident');
    return stored;
  }

  /**
   * An incident with its history as the coordinator's card shows it (coordinator only), read
   * together and possibly up to 15 s behind a change made on another instance (see the repository).
   */
  async view(actor: IncidentActor, number: unknown): Promise<IncidentView> {
    this.requireCoordinator(actor, 'incident');
    const parsed = parseNumber(number);
    const found = parsed && (await this.repo.view(parsed.year, parsed.seq));
    if (!found) throw new NotFoundError('incident');
    return found;
  }

  /**
   * The change history as the incident's reporter may read it (#15): the reporter or a coordinator;
   * the caller shows only what {@link reporterHistory} keeps (states and when, nothing internal).
   */
  async historyForReporter(actor: IncidentActor, incident: Incident): Promise<HistoryEntry[]> {
    if (!isCoordinator(actor) && incident.reporterId !== actor.userId) throw new NotFoundError('incident');
    return this.repo.history(incident.year, incident.seq);
  }

  /** The change history of an incident (coordinator only). */
  async history(actor: IncidentActor, incident: Incident): Promise<HistoryEntry[]> {
    this.requireCoordinator(actor, 'incident history');
    return this.repo.history(incident.year, incident.seq);
  }

  /**
   * A page of the actor's own reports, newest first, after the number the previous page ended with
   * (P1: the reporter follows every report they made, not just the newest).
   */
  async listMine(actor: IncidentActor, request: { after?: unknown } = {}, limit = MINE_PAGE_SIZE): Promise<MinePage> {
    const after = isEmpty(request.after) ? undefined : parseNumber(request.after);
    if (!isEmpty(request.after) && !after) throw new ValidationError({ form: 'incidents.list.badRequest' });
    const found = await this.repo.listByReporter(actor.userId, limit + 1, after);
    const incidents = found.slice(0, limit);
    return {
      incidents,
      after: after && formatNumber(after.year, after.seq),
      next: found.length > limit ? incidents.at(-1)?.number : undefined,
    };
  }

  /**
   * A page of open incidents, oldest number first, optionally of one kind and severity and after
   * the last number of the page before (coordinator only).
   *
   * @remarks P1: the coordinator reaches every open incident. The filter applies to all of them (in
   * storage), and a page reads one more than it shows, to know whether a next page exists. The
   * request comes from card data: a kind, severity or number the card does not offer is refused.
   */
  async listOpen(actor: IncidentActor, request: OpenListRequest = {}, limit = OPEN_PAGE_SIZE): Promise<OpenPage> {
    this.requireCoordinator(actor, 'open incidents');
    const query = openListQuery(request);
    const found = await this.repo.listOpen(limit + 1, query);
    const incidents = found.slice(0, limit);
    return {
      incidents,
      kind: query.kind,
      severity: query.severity,
      after: query.after && formatNumber(query.after.year, query.after.seq),
      next: found.length > limit ? incidents.at(-1)?.number : undefined,
    };
  }

  /** Every incident reported in [from, to), for the auditors' export (coordinator only). */
  async reportedBetween(actor: IncidentActor, from: Date, to: Date): Promise<Incident[]> {
    this.requireCoordinator(actor, 'export');
    return this.repo.listReportedBetween(from, to);
  }

  /** Applies a triage change made on a card that showed `seenVersion` (coordinator only). */
  async triage(actor: IncidentActor, number: unknown, seenVersion: unknown, change: TriageChange): Promise<Incident> {
    return this.change(
      actor,
      number,
      seenVersion,
      'triaged',
      (incident, changes) => {
        if (change.state && !incidentStates.includes(change.state))
          throw new ValidationError({ state: 'incidents.errors.required' });
        if (change.state && !canMove(incident.state, change.state))
          throw new ValidationError({ state: 'incidents.errors.transition' });
        if (change.severity && !severities.includes(change.severity))
          throw new ValidationError({ severity: 'incidents.errors.required' });
        const next = { ...incident };
        set(next, changes, 'state', change.state ?? incident.state);
        set(next, changes, 'severity', change.severity ?? incident.severity);
        set(
          next,
          changes,
          'assignee',
          change.assignee === undefined ? incident.assignee : change.assignee || undefined,
        );
        // The id is kept beside the name, not in the history (which shows names, never ids).
        if (change.assignee !== undefined) next.assigneeId = change.assigneeId || undefined;
        if (change.isBreach !== undefined) set(next, changes, 'isBreach', change.isBreach);
        if (change.nis2Significant !== undefined) set(next, changes, 'nis2Significant', change.nis2Significant);
        // P3: each clock starts at the reporter's discovery when the mark is set later in triage.
        const discovered = initialAwareness(incident, new Date(incident.reportedAt)).toISOString();
        if (next.isBreach && !next.awarenessAt) next.awarenessAt = discovered;
        if (next.nis2Significant && !incident.nis2Significant && !next.nis2AwarenessAt)
          next.nis2AwarenessAt = incident.awarenessAt ?? discovered;
        // P3, art. 33(5): deciding that it is not a breach is documented too, with its reason.
        if (incident.isBreach && !next.isBreach && !change.comment)
          throw new ValidationError({ comment: 'incidents.errors.clearBreachReason' });
        if (next.state === 'notAnIncident' && incident.state !== 'notAnIncident' && !change.comment)
          throw new ValidationError({ comment: 'incidents.errors.notAnIncidentReason' });
        const openMeasures = incident.measures.filter((measure) => !measure.done).length;
        if (openMeasures > 0 && !isOpen(next.state) && isOpen(incident.state)) {
          if (!change.confirmOpenMeasures)
            throw new ValidationError({ confirmOpenMeasures: 'incidents.errors.openMeasures' });
          if (!change.comment) throw new ValidationError({ comment: 'incidents.errors.openMeasuresReason' });
          changes.openMeasuresAtClose = [null, openMeasures];
        }
        // P3: every breach is documented either way (art. 33(5)). Leaving the open list ends its
        // reminders and its place in the review, so the decision must be on record first.
        if (next.isBreach && !next.breachDecision && !isOpen(next.state) && isOpen(incident.state))
          throw new ValidationError({ state: 'incidents.errors.breachUndecided' });
        if (!isOpen(next.state) && isOpen(incident.state)) next.closedAt = this.clock.now().toISOString();
        if (isOpen(next.state)) next.closedAt = undefined;
        // NIS2 art. 23(4)(e): a final report after a progress report is due a month after handling.
        if (isHandled(next.state) && !isHandled(incident.state)) next.handledAt = this.clock.now().toISOString();
        if (!isHandled(next.state)) next.handledAt = undefined;
        if (Object.keys(changes).length === 0 && !change.comment)
          throw new ValidationError({ form: 'incidents.errors.nothingChanged' });
        return next;
      },
      change.comment,
    );
  }

  /** Adds a remedial measure (coordinator only, P1). */
  async addMeasure(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    measure: Omit<Measure, 'id' | 'done'>,
  ): Promise<Incident> {
    return this.change(actor, number, seenVersion, 'measureAdded', (incident, changes) => {
      if (incident.measures.length >= 50) throw new ValidationError({ measureText: 'incidents.errors.tooMany' });
      const added: Measure = { ...measure, id: randomUUID().slice(0, 8), done: false };
      changes.measure = [null, `${added.text} (${added.owner}, ${added.dueDate})`];
      return { ...incident, measures: [...incident.measures, added] };
    });
  }

  /** Marks a remedial measure as done (coordinator only). */
  async completeMeasure(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    measureId: unknown,
  ): Promise<Incident> {
    return this.change(actor, number, seenVersion, 'measureDone', (incident, changes) => {
      const measure = incident.measures.find((item) => item.id === measureId);
      if (!measure) throw new NotFoundError('measure');
      if (measure.done) throw new ConflictError('measure already done');
      changes.measure = [measure.text, 'done'];
      const now = this.clock.now().toISOString();
      return {
        ...incident,
        measures: incident.measures.map((item) =>
          item.id === measure.id ? { ...item, done: true, doneAt: now, doneBy: actor.name } : item,
        ),
      };
    });
  }

  /**
   * Records whether the owner of a measure got it in their personal chat (#20): the bot writes it
   * after sending, so there is no card version to check; a concurrent change is read again.
   *
   * @remarks An unreachable owner is flagged on the measure (the coordinator's card and digest show
   * it) instead of the measure going silently unsent; a later delivery clears the flag.
   */
  async recordMeasureNotice(
    by: { userId: string; name: string },
    number: string,
    measureId: string,
    delivered: boolean,
  ): Promise<Incident | undefined> {
    const at = this.clock.now().toISOString();
    return this.changeCurrent(by, number, 'measureNotice', (incident, changes) => {
      const measure = incident.measures.find((item) => item.id === measureId);
      if (!measure || measure.done) return undefined;
      if (delivered ? measure.notifiedAt && !measure.unreachableAt : measure.unreachableAt) return undefined;
      changes.measureOwnerReached = [measure.unreachableAt ? false : null, delivered];
      const next: Measure = delivered
        ? { ...measure, notifiedAt: at, unreachableAt: undefined }
        : { ...measure, unreachableAt: at };
      return { ...incident, measures: incident.measures.map((item) => (item.id === measureId ? next : item)) };
    });
  }

  /**
   * Records in the history that the reporter's status message could not be delivered (#15 item 2):
   * `reason` is why (no chat with the bot, the chat gone, Teams not answering). Written by the bot
   * after the send, so the coordinator's card and the log say so afterwards too.
   */
  async recordReporterNotTold(
    by: { userId: string; name: string },
    number: string,
    reason: 'noChat' | 'gone' | 'failed',
  ): Promise<Incident | undefined> {
    return this.changeCurrent(by, number, 'reporterNotice', (incident, changes) => {
      changes.reporterNotice = [null, reason];
      return { ...incident };
    });
  }

  /**
   * One measure as its owner sees it: the measure and the incident's number, nothing else of the
   * incident (P10). Anyone but the owner is told it does not exist.
   */
  async ownMeasure(actor: IncidentActor, number: unknown, measureId: unknown): Promise<OwnMeasure> {
    const parsed = parseNumber(number);
    const stored = parsed && (await this.repo.get(parsed.year, parsed.seq));
    const measure = stored && stored.incident.measures.find((item) => item.id === measureId);
    if (!stored || !measure || !measure.ownerId || measure.ownerId !== actor.userId) throw new NotFoundError('measure');
    return { number: stored.incident.number, measure };
  }

  /**
   * The owner marks their own measure done, with an optional comment (#20, P1). Only the measure's
   * owner may: the id comes from storage, never from the card. Done already: answered as it is.
   */
  async completeOwnMeasure(
    actor: IncidentActor,
    number: unknown,
    measureId: unknown,
    comment: string,
  ): Promise<OwnMeasure> {
    const own = await this.ownMeasure(actor, number, measureId);
    if (own.measure.done) return own;
    const now = this.clock.now().toISOString();
    const changed = await this.changeCurrent(
      actor,
      own.number,
      'measureDone',
      (incident, changes) => {
        const measure = incident.measures.find((item) => item.id === own.measure.id);
        if (!measure || measure.done) return undefined;
        changes.measure = [measure.text, 'done'];
        const done: Measure = {
          ...measure,
          done: true,
          doneAt: now,
          doneBy: actor.name,
          doneComment: comment || undefined,
        };
        return { ...incident, measures: incident.measures.map((item) => (item.id === measure.id ? done : item)) };
      },
      comment,
    );
    const measure = changed?.measures.find((item) => item.id === own.measure.id);
    return measure ? { number: own.number, measure } : this.ownMeasure(actor, number, measureId);
  }

  /** Records the art. 33 decision on a personal-data breach (coordinator only, P3). */
  async recordBreachDecision(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    decision: BreachDecisionDraft,
  ): Promise<Incident> {
    return this.change(actor, number, seenVersion, 'breachDecision', (incident, changes) => {
      if (!incident.isBreach) throw new ValidationError({ form: 'incidents.errors.notBreach' });
      const awareness = gdprAwareness(incident);
      const errors: Record<string, string> = {};
      const notifiedAt = decision.notifiedAt ? new Date(decision.notifiedAt) : undefined;
      // P3: nobody notifies of a breach before the municipality knew of it (art. 33(1)).
      if (notifiedAt && notifiedAt < awareness) errors.notifiedDate = 'incidents.errors.beforeAwareness';
      if (decision.subjects?.choice === 'notified' && new Date(decision.subjects.at) < awareness)
        errors.subjectsDate = 'incidents.errors.beforeAwareness';
      if (notifiedAt && notifiedAt > gdprDeadline(awareness) && !decision.delayReason)
        errors.delayReason = 'incidents.errors.delayReason';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const recorded: BreachDecision = {
        ...decision,
        decidedBy: actor.name,
        decidedAt: this.clock.now().toISOString(),
      };
      Object.assign(changes, decisionChanges(incident.breachDecision, recorded));
      if (Object.keys(changes).length === 0) throw new ValidationError({ form: 'incidents.errors.nothingChanged' });
      return { ...incident, breachDecision: recorded };
    });
  }

  /**
   * Records the art. 33(3) facts for the notification: categories of data subjects, the
   * coordinator's estimates and the DPO as contact point (coordinator only, P3).
   *
   * @remarks The reporter's own numbers stay on the record as reported; the estimate is kept beside them.
   */
  async recordBreachDetails(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    draft: BreachDetailsDraft,
  ): Promise<Incident> {
    return this.change(actor, number, seenVersion, 'breachDetails', (incident, changes) => {
      if (!incident.isBreach) throw new ValidationError({ form: 'incidents.errors.notBreach' });
      Object.assign(changes, detailsChanges(incident.breachDetails, draft));
      if (Object.keys(changes).length === 0) throw new ValidationError({ form: 'incidents.errors.nothingChanged' });
      const breachDetails = { ...draft, recordedBy: actor.name, recordedAt: this.clock.now().toISOString() };
      return { ...incident, breachDetails };
    });
  }

  /**
   * Records a supplementary notification to Datatilsynet (art. 33(4), coordinator only, P3).
   *
   * @remarks Information may be given in phases, but only after an initial notification: one is
   * recorded with the breach decision first. A supplement cannot precede that notification, the
   * municipality's awareness or now.
   */
  async recordSupplement(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    draft: SupplementDraft,
  ): Promise<Incident> {
    return this.change(actor, number, seenVersion, 'breachSupplement', (incident, changes) => {
      if (!incident.isBreach) throw new ValidationError({ form: 'incidents.errors.notBreach' });
      const initial = incident.breachDecision?.notify ? incident.breachDecision.notifiedAt : undefined;
      if (!initial) throw new ValidationError({ form: 'incidents.errors.noInitialNotification' });
      const sentAt = new Date(draft.sentAt);
      if (sentAt > this.clock.now()) throw new ValidationError({ supplementDate: 'incidents.errors.future' });
      if (sentAt < gdprAwareness(incident))
        throw new ValidationError({ supplementDate: 'incidents.errors.beforeAwareness' });
      if (sentAt < new Date(initial))
        throw new ValidationError({ supplementDate: 'incidents.errors.beforeInitialNotification' });
      const supplement: SupplementaryNotification = {
        ...draft,
        recordedBy: actor.name,
        recordedAt: this.clock.now().toISOString(),
      };
      changes.breachSupplementAt = [null, supplement.sentAt];
      if (supplement.reference) changes.breachSupplementReference = [null, supplement.reference];
      if (supplement.note) changes.breachSupplementNote = [null, supplement.note];
      return { ...incident, supplements: [...(incident.supplements ?? []), supplement] };
    });
  }

  /**
   * Corrects a supplementary notification (art. 33(4), coordinator only, P3/P10) by a new entry that
   * names the one corrected and says why; the original stays as it was recorded.
   *
   * @remarks The same time rules as a new one (not in the future, not before awareness or the
   * initial notification). A correction that changes nothing is refused; a correction may itself
   * be corrected. The history keeps the values before and after, and the reason as its comment.
   */
  async correctSupplement(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    draft: SupplementCorrectionDraft,
  ): Promise<Incident> {
    return this.change(
      actor,
      number,
      seenVersion,
      'breachSupplementCorrected',
      (incident, changes) => {
        if (!incident.isBreach) throw new ValidationError({ form: 'incidents.errors.notBreach' });
        const supplements = incident.supplements ?? [];
        const corrected = supplements[draft.corrects - 1];
        if (!corrected) throw new ValidationError({ supplementCorrects: 'supplementCorrection.errorCorrects' });
        const initial = incident.breachDecision?.notify ? incident.breachDecision.notifiedAt : undefined;
        const sentAt = new Date(draft.sentAt);
        if (sentAt > this.clock.now()) throw new ValidationError({ supplementDate: 'incidents.errors.future' });
        if (sentAt < gdprAwareness(incident))
          throw new ValidationError({ supplementDate: 'incidents.errors.beforeAwareness' });
        if (initial && sentAt < new Date(initial))
          throw new ValidationError({ supplementDate: 'incidents.errors.beforeInitialNotification' });
        const correction: SupplementaryNotification = {
          sentAt: sentAt.toISOString(),
          reference: draft.reference,
          note: draft.note,
          corrects: draft.corrects,
          reason: draft.reason,
          recordedBy: actor.name,
          recordedAt: this.clock.now().toISOString(),
        };
        const fields = [
          ['breachSupplementAt', corrected.sentAt, correction.sentAt],
          ['breachSupplementReference', corrected.reference, correction.reference],
          ['breachSupplementNote', corrected.note, correction.note],
        ] as const;
        for (const [key, was, is] of fields)
          if ((was ?? null) !== (is ?? null)) changes[key] = [was ?? null, is ?? null];
        if (Object.keys(changes).length === 0) throw new ValidationError({ form: 'incidents.errors.nothingChanged' });
        changes.breachSupplementCorrects = [null, draft.corrects];
        return { ...incident, supplements: [...supplements, correction] };
      },
      draft.reason,
    );
  }

  /**
   * Corrects the moment of awareness of one regime, with a reason (coordinator only, P3).
   *
   * @remarks Each regime keeps its own moment: on a record from before they were kept apart, the
   * other regime keeps the moment it had, so correcting one never moves the other's deadlines.
   */
  async setAwareness(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    at: Date,
    reason: string,
    chosen?: AwarenessRegime,
  ): Promise<Incident> {
    return this.change(
      actor,
      number,
      seenVersion,
      'awarenessChanged',
      (incident, changes) => {
        if (!reason) throw new ValidationError({ awarenessReason: 'incidents.errors.required' });
        if (at > this.clock.now()) throw new ValidationError({ awarenessDate: 'incidents.errors.future' });
        const regime = chosen ?? (incident.isBreach ? 'gdpr' : 'nis2');
        if (regime === 'nis2') {
          if (!incident.nis2Significant) throw new ValidationError({ awarenessRegime: 'incidents.errors.notNis2' });
          changes.nis2AwarenessAt = [nis2Awareness(incident).toISOString(), at.toISOString()];
          return {
            ...incident,
            awarenessAt: incident.awarenessAt ?? gdprAwareness(incident).toISOString(),
            nis2AwarenessAt: at.toISOString(),
            nis2AwarenessReason: reason,
          };
        }
        if (!incident.isBreach) throw new ValidationError({ awarenessRegime: 'incidents.errors.notBreach' });
        changes.awarenessAt = [gdprAwareness(incident).toISOString(), at.toISOString()];
        return {
          ...incident,
          nis2AwarenessAt: incident.nis2Significant ? nis2Awareness(incident).toISOString() : incident.nis2AwarenessAt,
          awarenessAt: at.toISOString(),
          awarenessReason: reason,
        };
      },
      reason,
    );
  }

  /**
   * Records that a NIS2 report was sent to the authority at `sentAt`, or corrects when (coordinator
   * only, P3).
   *
   * @remarks Like the breach decision for the GDPR clock, this stops the step's reminders. A time
   * in the future or before awareness cannot be when it was sent, and is refused.
   */
  async recordNis2Sent(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    step: Nis2Step,
    sentAt: Date,
  ): Promise<Incident> {
    const keys = this.nis2StepFor(actor, step);
    return this.change(actor, number, seenVersion, keys.action, (incident, changes) => {
      if (!incident.nis2Significant) throw new ValidationError({ form: 'incidents.errors.notNis2' });
      if (sentAt > this.clock.now())
        throw new ValidationError({ form: 'incidents.errors.nis2SentFuture', [keys.date]: 'incidents.errors.future' });
      if (sentAt < nis2Awareness(incident))
        throw new ValidationError({
          form: 'incidents.errors.nis2SentBeforeAwareness',
          [keys.date]: 'incidents.errors.beforeAwareness',
        });
      const before = incident.nis2Reports?.[step]?.sentAt;
      if (before === sentAt.toISOString()) throw new ValidationError({ form: 'incidents.errors.nothingChanged' });
      changes[keys.change] = [before ?? null, sentAt.toISOString()];
      const report = {
        sentAt: sentAt.toISOString(),
        recordedBy: actor.name,
        recordedAt: this.clock.now().toISOString(),
      };
      return { ...incident, nis2Reports: { ...incident.nis2Reports, [step]: report } };
    });
  }

  /**
   * Records an intermediate report the authority asked for, or a progress report while the
   * incident is ongoing (NIS2 art. 23(4)(c), (e); coordinator only, P3).
   *
   * @remarks Neither is sent before NIS2 awareness or in the future; an intermediate report not
   * before the authority asked; a progress report only while the incident is ongoing (not yet
   * resolved or closed, `handled.ts`) and before the final report is recorded as sent: it then moves
   * the final report to one month after the incident is handled (art. 23(4)(e), `deadlines.ts`). The history keeps which, when asked, when sent and the note.
   */
  async recordNis2Update(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    draft: Nis2UpdateDraft,
  ): Promise<Incident> {
    return this.change(actor, number, seenVersion, 'nis2UpdateSent', (incident, changes) => {
      if (!incident.nis2Significant) throw new ValidationError({ form: 'incidents.errors.notNis2' });
      const sentAt = new Date(draft.sentAt);
      const awareness = nis2Awareness(incident);
      if (sentAt > this.clock.now()) throw new ValidationError({ updateSentDate: 'incidents.errors.future' });
      if (sentAt < awareness) throw new ValidationError({ updateSentDate: 'incidents.errors.beforeAwareness' });
      if (draft.requestedAt && new Date(draft.requestedAt) < awareness)
        throw new ValidationError({ updateRequestedDate: 'incidents.errors.beforeAwareness' });
      if (draft.kind === 'progress' && (!isOpen(incident.state) || isHandled(incident.state)))
        throw new ValidationError({ updateKind: 'nis2Updates.errorNotOngoing' });
      if (draft.kind === 'progress' && incident.nis2Reports?.finalReport)
        throw new ValidationError({ updateKind: 'nis2Updates.errorFinalSent' });
      const update: Nis2Update = {
        kind: draft.kind,
        ...(draft.kind === 'interim' && draft.requestedAt ? { requestedAt: draft.requestedAt } : {}),
        sentAt: sentAt.toISOString(),
        ...(draft.note ? { note: draft.note } : {}),
        recordedBy: actor.name,
        recordedAt: this.clock.now().toISOString(),
      };
      changes.nis2UpdateKind = [null, update.kind];
      if (update.requestedAt) changes.nis2UpdateRequestedAt = [null, update.requestedAt];
      changes.nis2UpdateSentAt = [null, update.sentAt];
      if (update.note) changes.nis2UpdateNote = [null, update.note];
      return { ...incident, nis2Updates: [...(incident.nis2Updates ?? []), update] };
    });
  }

  /**
   * Withdraws a NIS2 report recorded as sent by mistake (coordinator only, P3): the step counts as
   * not sent again, so its reminders come again; the history keeps what was recorded and by whom.
   */
  async withdrawNis2Sent(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    step: Nis2Step,
  ): Promise<Incident> {
    const keys = this.nis2StepFor(actor, step);
    return this.change(actor, number, seenVersion, 'nis2ReportWithdrawn', (incident, changes) => {
      const recorded = incident.nis2Reports?.[step];
      if (!recorded) throw new ValidationError({ form: 'incidents.errors.nothingChanged' });
      changes[keys.change] = [recorded.sentAt, null];
      const { [step]: _withdrawn, ...rest } = incident.nis2Reports ?? {};
      return { ...incident, nis2Reports: rest };
    });
  }

  /** The step's keys, once the actor is known to be a coordinator and the step a real one. */
  private nis2StepFor(actor: IncidentActor, step: Nis2Step): (typeof nis2StepKeys)[Nis2Step] {
    this.requireCoordinator(actor, 'nis2 report');
    if (!nis2Steps.includes(step)) throw new NotFoundError('nis2 step');
    return nis2StepKeys[step];
  }

  private requireCoordinator(actor: IncidentActor, action: string): void {
    if (!isCoordinator(actor)) throw new ForbiddenError(action);
  }

  /**
   * A change made by the bot or a measure's owner, not from a card showing a version: applied to
   * the incident as stored now, written with its eTag, read again on a concurrent change (three
   * tries). `apply` answers undefined when there is nothing to change.
   */
  private async changeCurrent(
    who: { userId: string; name: string },
    number: string,
    action: HistoryEntry['action'],
    apply: (incident: Incident, changes: HistoryEntry['changes']) => Incident | undefined,
    comment?: string,
  ): Promise<Incident | undefined> {
    const parsed = parseNumber(number);
    if (!parsed) throw new NotFoundError('incident');
    for (let attempt = 1; ; attempt++) {
      const stored = await this.repo.get(parsed.year, parsed.seq);
      if (!stored) throw new NotFoundError('incident');
      const { incident, etag } = stored;
      if (!apply(incident, {})) return incident;
      const { next, entry } = versionedChange(
        incident,
        incident.version,
        incident.number,
        who,
        action,
        (current, changes) => apply(current, changes) ?? current,
        this.clock.now(),
        comment,
      );
      try {
        return (await this.repo.update(next, etag, entry, incident)).incident;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Reads, checks that the card showed the current version, applies, and writes with the eTag:
   * an outdated card or a concurrent change is a ConflictError, never an overwrite.
   */
  private async change(
    actor: IncidentActor,
    number: unknown,
    seenVersion: unknown,
    action: HistoryEntry['action'],
    apply: (incident: Incident, changes: HistoryEntry['changes']) => Incident,
    comment?: string,
  ): Promise<Incident> {
    this.requireCoordinator(actor, action);
    const { incident, etag } = await this.get(actor, number);
    const { next, entry } = versionedChange(
      incident,
      seenVersion,
      incident.number,
      actor,
      action,
      apply,
      this.clock.now(),
      comment,
    );
    return (await this.repo.update(next, etag, entry, incident)).incident;
  }
}

function set<K extends keyof Incident>(
  next: Incident,
  changes: HistoryEntry['changes'],
  key: K,
  value: Incident[K],
): void {
  if (next[key] === value) return;
  changes[key] = [next[key] ?? null, value ?? null];
  next[key] = value;
}

/**
 * What a breach decision changed, field by field, for the history (P10: a decision recorded again
 * keeps what it replaced). `breachDecision` is notify/notNotify; the free-text fields are replaced
 * by the retention run like every other free text.
 */
function decisionChanges(
  before: BreachDecision | undefined,
  after: BreachDecision,
): Record<string, [unknown, unknown]> {
  const outcome = (decision?: BreachDecision) => (decision ? (decision.notify ? 'notify' : 'notNotify') : null);
  const fields: Record<string, (decision?: BreachDecision) => unknown> = {
    breachDecision: outcome,
    breachJustification: (decision) => decision?.justification,
    breachConsequences: (decision) => decision?.consequences,
    breachNotifiedAt: (decision) => decision?.notifiedAt,
    breachReference: (decision) => decision?.reference,
    breachSubjects: (decision) => (decision ? subjectsOf(decision).choice : undefined),
    breachSubjectsAt: (decision) => {
      const subjects = subjectsOf(decision);
      return subjects.choice === 'notified' ? subjects.at : undefined;
    },
    breachSubjectsHow: (decision) => {
      const subjects = subjectsOf(decision);
      return subjects.choice === 'notified' ? subjects.how : undefined;
    },
    breachSubjectsGround: (decision) => {
      const subjects = subjectsOf(decision);
      return subjects.choice === 'notNotified' ? subjects.ground : undefined;
    },
    breachSubjectsReason: (decision) => {
      const subjects = subjectsOf(decision);
      return subjects.choice === 'notNotified' ? subjects.justification : undefined;
    },
    breachDelayReason: (decision) => decision?.delayReason,
  };
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, read] of Object.entries(fields)) {
    const [was, is] = [read(before) ?? null, read(after) ?? null];
    if (was !== is) changes[key] = [was, is];
  }
  return changes;
}
