import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { draftKey, isDraftId } from '../draft-id';
import { versionedChange } from '../versioned-change';
import { heatMapDelta, residualLevel, type HeatMapCounts } from './level';
import { acceptanceExpiry, acceptanceStatus, mayRequestAcceptance, type AcceptanceStatus } from './acceptance';
import { mayChange, maySee, maySetSystems, mayUseRegister, seesAll, type RiskActor } from './access';
import type { RiskAssessment, RiskDetails, RiskHistoryEntry, RiskLevel, RiskListItem, RiskRecord } from './model';
import { danishToday } from '../../clock';
import type { RiskRepository } from './repository';

/** What the register needs to know of the system register: names and owners (P4). */
export interface SystemDirectory {
  /** A system's name and owner, or undefined when it is not in the register. */
  system(id: string): Promise<{ id: string; name: string; ownerId: string; changedAt?: string } | undefined>;
  /** The systems a person owns (id and name). */
  ownedBy(userId: string): Promise<{ id: string; name: string }[]>;
  /** The first systems of the register (id and name), for the form's choices. */
  choices(limit: number): Promise<{ id: string; name: string }[]>;
}

/** How an acceptance put up to the management group was decided (the approval item's state). */
export interface AcceptanceOutcome {
  state: 'pending' | 'approved' | 'changesRequested';
  /** When the round closed, and who decided last. */
  at?: string;
  byName?: string;
}

/** The acceptance settings and where the approval mechanism's outcomes are read. */
export interface AcceptanceOptions {
  /** A residual level above this must be accepted by the management group. */
  above: RiskLevel;
  /** How long an acceptance holds. */
  months: number;
  outcome?(approvalId: string): Promise<AcceptanceOutcome | undefined>;
}

/** What the forms send: the details with systems named by id only (names come from the register). */
export type RiskInput = Omit<RiskDetails, 'systemNames'>;

/** What the assess form sends (who and when are added here). */
export type AssessmentInput = Omit<RiskAssessment, 'assessedAt' | 'assessedBy' | 'assessedByName'>;

/** How many risks one page of the register shows. */
export const RISK_PAGE_SIZE = 25;
/** How many incidents one risk lists as realised. */
const MAX_LINKED_INCIDENTS = 50;
/** How many systems the form offers as choices. */
export const SYSTEM_CHOICES = 50;

const idPattern = /^[0-9a-f]{12}$/;

/**
 * The risk register's rules (P4, P6, P10): who may see, create, edit and assess which risk, and the
 * history of every change. No Teams and no Azure types in here.
 *
 * @remarks The coordinator creates and assesses every risk; a system owner those of his own systems;
 * the management group reads every risk; anyone else is refused. Systems are looked up in the
 * register on every change: the card's list of systems is only a list of keys.
 */
export class RiskService {
  constructor(
    private readonly repo: RiskRepository,
    private readonly systems: SystemDirectory,
    private readonly clock: Clock,
    private readonly acceptance: AcceptanceOptions = { above: 'medium', months: 12 },
  ) {}

  /**
   * Links an incident (its number, checked by the caller to exist) to the risk it realised:
   * coordinator only — the coordinator keeps the incident log (P1). Linked once.
   */
  async linkIncident(actor: RiskActor, id: unknown, version: unknown, number: string): Promise<RiskRecord> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('link incident');
    const { risk, etag } = await this.get(actor, id);
    const linked = risk.incidents ?? [];
    if (linked.some((incident) => incident.number === number))
      throw new ValidationError({ incidentNumber: 'risks.errors.incidentLinked' });
    if (linked.length >= MAX_LINKED_INCIDENTS)
      throw new ValidationError({ incidentNumber: 'risks.errors.incidentsFull' });
    const now = this.clock.now();
    const { next, entry } = versionedChange(
      risk,
      version,
      'risk',
      actor,
      'incidentLinked',
      (current, changes) => {
        changes.incidents = [null, number];
        const link = { number, linkedAt: now.toISOString(), linkedBy: actor.userId, linkedByName: actor.name };
        return { ...current, incidents: [...linked, link] };
      },
      now,
    );
    return this.stored(next, etag, entry, risk);
  }

  /** How many months an acceptance holds (the setting). */
  get acceptanceMonths(): number {
    return this.acceptance.months;
  }

  /** Where the risk stands with the management group's acceptance of its residual risk (#19). */
  acceptanceOf(risk: RiskRecord): AcceptanceStatus {
    return acceptanceStatus(risk, this.acceptance.above, danishToday(this.clock.now()));
  }

  /**
   * Records that the coordinator put the risk's residual risk up for acceptance as approval item
   * `approvalId` (the caller submitted and posted it). Only when an acceptance is needed now.
   */
  async recordAcceptanceRequest(
    actor: RiskActor,
    id: unknown,
    version: unknown,
    approvalId: string,
  ): Promise<RiskRecord> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('risk acceptance');
    const { risk, etag } = await this.get(actor, id);
    const assessment = risk.assessment;
    if (!assessment || !mayRequestAcceptance(this.acceptanceOf(risk))) throw new ConflictError('risk acceptance');
    const now = this.clock.now();
    const { next, entry } = versionedChange(
      risk,
      version,
      'risk',
      actor,
      'acceptanceRequested',
      (current, changes) => {
        const acceptance = {
          approvalId,
          state: 'pending' as const,
          requestedAt: now.toISOString(),
          requestedBy: actor.userId,
          requestedByName: actor.name,
          assessedAt: assessment.assessedAt,
          residual: levelOfResidual(assessment),
        };
        changes.acceptance = [current.acceptance?.state, 'pending'];
        return { ...current, acceptance };
      },
      now,
    );
    return this.stored(next, etag, entry, risk);
  }

  /**
   * Records on the risk how the management group decided its acceptance, when the approval item's
   * round closes (#19): the register's lists, the quarterly review and the annual overall risk
   * assessment then show it at once, not only once somebody opens the risk. Safe to repeat.
   *
   * @remarks Called by the approval mechanism with the item (its `subject` names the risk); an item
   * that is not the risk's pending acceptance changes nothing. No actor: the decision was checked and
   * recorded by the approval mechanism, and the history names the member who decided.
   */
  async recordAcceptanceDecision(item: { id: string; kind: string; subject?: string }): Promise<void> {
    if (item.kind !== 'riskAcceptance' || !item.subject || !idPattern.test(item.subject)) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.repo.get(item.subject);
      if (found?.risk.acceptance?.state !== 'pending' || found.risk.acceptance.approvalId !== item.id) return;
      const stored = await this.withAcceptanceDecided(found);
      if (stored.risk.acceptance?.state !== 'pending') return;
    }
  }

  /**
   * Brings a pending acceptance in step with its approval item: accepted (until the expiry the
   * setting gives) or refused with changes requested, kept in the history and the audit log.
   */
  private async withAcceptanceDecided(stored: {
    risk: RiskRecord;
    etag: string;
  }): Promise<{ risk: RiskRecord; etag: string }> {
    const pending = stored.risk.acceptance;
    if (pending?.state !== 'pending' || !this.acceptance.outcome) return stored;
    const outcome = await this.acceptance.outcome(pending.approvalId);
    if (!outcome || outcome.state === 'pending') return stored;
    const decidedAt = outcome.at ?? this.clock.now().toISOString();
    const accepted = outcome.state === 'approved';
    const { next, entry } = versionedChange(
      stored.risk,
      stored.risk.version,
      'risk',
      { userId: 'approval', name: outcome.byName ?? '' },
      accepted ? 'accepted' : 'acceptanceRefused',
      (current, changes) => {
        const acceptance = {
          ...pending,
          state: accepted ? ('accepted' as const) : ('changesRequested' as const),
          decidedAt,
          decidedByName: outcome.byName,
          expiresOn: accepted ? acceptanceExpiry(decidedAt, this.acceptance.months) : undefined,
        };
        changes.acceptance = ['pending', acceptance.state];
        return { ...current, acceptance };
      },
      this.clock.now(),
    );
    try {
      return await this.repo.update(next, stored.etag, entry, stored.risk);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Another instance brought it in step first: read what it stored.
      return (await this.repo.get(stored.risk.id)) ?? stored;
    }
  }

  /** The ids of the systems the actor owns. */
  async ownedIds(actor: RiskActor, among?: string[]): Promise<Set<string>> {
    if (!actor.roles.has('systemOwner')) return new Set();
    if (!among) return new Set((await this.systems.ownedBy(actor.userId)).map((system) => system.id));
    // For given systems the records answer, not the owner's list, which may lag a change just made.
    const records = await Promise.all([...new Set(among)].map((id) => this.systems.system(id)));
    return new Set(records.filter((system) => system?.ownerId === actor.userId).map((system) => system!.id));
  }

  /** The systems the form offers: the register's first for the coordinator, one's own for a system owner. */
  async systemChoices(actor: RiskActor): Promise<{ id: string; name: string }[]> {
    this.requireRegister(actor);
    return actor.roles.has('coordinator')
      ? this.systems.choices(SYSTEM_CHOICES)
      : (await this.systems.ownedBy(actor.userId)).slice(0, SYSTEM_CHOICES);
  }

  /** A page of the register (all for coordinator and management; a system owner's own systems' risks). */
  async list(actor: RiskActor, after?: string): Promise<{ items: RiskListItem[]; next?: string }> {
    this.requireRegister(actor);
    if (seesAll(actor)) {
      const start = typeof after === 'string' && idPattern.test(after) ? after : undefined;
      const items = await this.repo.list(start, RISK_PAGE_SIZE + 1);
      const page = items.slice(0, RISK_PAGE_SIZE);
      return { items: page, next: items.length > RISK_PAGE_SIZE ? page.at(-1)?.id : undefined };
    }
    return { items: (await this.ownRisks(actor)).slice(0, RISK_PAGE_SIZE * 4) };
  }

  /**
   * The heat map of every risk the actor may see: the register's kept counts (one read) for the
   * coordinator and management, counted from his own systems' risks for a system owner.
   *
   * @remarks #19: opening the register reads page-sized, whatever the size of the register.
   */
  async heatMap(actor: RiskActor): Promise<HeatMapCounts> {
    this.requireRegister(actor);
    return seesAll(actor) ? this.repo.heatMap() : heatMapDelta(undefined, await this.ownRisks(actor));
  }

  /** One risk, and whether the actor may change it; anyone who may not see it is told it does not exist (P10). */
  async get(actor: RiskActor, id: unknown): Promise<{ risk: RiskRecord; etag: string; canChange: boolean }> {
    this.requireRegister(actor);
    const found = typeof id === 'string' && idPattern.test(id) ? await this.repo.get(id) : undefined;
    const owned = await this.ownedIds(actor, found?.risk.systemIds ?? []);
    if (!found || !maySee(actor, found.risk, owned)) throw new NotFoundError('risk');
    const stored = await this.withAcceptanceDecided(found);
    return { ...stored, canChange: mayChange(actor, stored.risk, owned) };
  }

  /**
   * The systems of the risk with a major change recorded after the risk was assessed (P8): the
   * change opens the risk for re-assessment until it is assessed again.
   */
  async changedSince(risk: RiskRecord): Promise<string[]> {
    const assessedAt = risk.assessment?.assessedAt;
    if (!assessedAt) return [];
    const systems = await Promise.all(risk.systemIds.map((id) => this.systems.system(id)));
    return systems.flatMap((system) => (system?.changedAt && system.changedAt > assessedAt ? [system.name] : []));
  }

  /** The change history of a risk the actor may see. */
  async history(actor: RiskActor, id: string): Promise<RiskHistoryEntry[]> {
    await this.get(actor, id);
    return this.repo.history(id);
  }

  /**
   * Creates a risk (coordinator; a system owner for his own systems). A repeat of the same card by the
   * same user answers the risk it stored (`repeated`).
   */
  async create(
    actor: RiskActor,
    input: RiskInput,
    draftId?: unknown,
  ): Promise<{ risk: RiskRecord; repeated: boolean }> {
    this.requireRegister(actor);
    const owned = await this.ownedIds(actor, input.systemIds);
    if (!maySetSystems(actor, [], input.systemIds, owned) || (input.area && !actor.roles.has('coordinator')))
      throw new ForbiddenError('create risk');
    const id = isDraftId(draftId) ? draftKey(actor.userId, draftId).slice(0, 12) : randomBytes(6).toString('hex');
    const before = await this.repo.get(id);
    if (before) {
      await this.repo.repair(before.risk);
      return { risk: before.risk, repeated: true };
    }
    const now = this.clock.now().toISOString();
    const risk: RiskRecord = {
      ...(await this.withSystemNames(input)),
      id,
      version: 1,
      createdAt: now,
      createdBy: actor.name,
    };
    try {
      await this.repo.create(risk, {
        version: 1,
        at: now,
        by: actor.userId,
        byName: actor.name,
        action: 'created',
        changes: {},
      });
    } catch (error) {
      const stored = error instanceof ConflictError ? await this.repo.get(id) : undefined;
      if (stored) {
        await this.repo.repair(stored.risk);
        return { risk: stored.risk, repeated: true };
      }
      throw error;
    }
    return { risk, repeated: false };
  }

  /** Edits a risk's title, scenario, systems or area and owner, from a card that showed `version`. */
  async edit(actor: RiskActor, id: unknown, version: unknown, input: RiskInput): Promise<RiskRecord> {
    const { risk, etag } = await this.changeable(actor, id);
    if (Number(version) !== risk.version) {
      await this.repo.repair(risk);
      throw new ConflictError('risk');
    }
    const owned = await this.ownedIds(actor, [...risk.systemIds, ...input.systemIds]);
    if (
      !maySetSystems(actor, risk.systemIds, input.systemIds, owned) ||
      (input.area && !actor.roles.has('coordinator'))
    )
      throw new ForbiddenError('edit risk systems');
    const details = await this.withSystemNames(input);
    const { next, entry } = versionedChange(
      risk,
      version,
      'risk',
      actor,
      'edited',
      withDetails(details),
      this.clock.now(),
    );
    return this.stored(next, etag, entry, risk);
  }

  /** Records an assessment: likelihood, consequence, treatment, residual risk and next review. */
  async assess(actor: RiskActor, id: unknown, version: unknown, input: AssessmentInput): Promise<RiskRecord> {
    const { risk, etag } = await this.changeable(actor, id);
    const now = this.clock.now();
    const assessment: RiskAssessment = {
      ...input,
      assessedAt: now.toISOString(),
      assessedBy: actor.userId,
      assessedByName: actor.name,
    };
    const { next, entry } = versionedChange(
      risk,
      version,
      'risk',
      actor,
      'assessed',
      (current, changes) => {
        changes.assessment = [summary(current.assessment), summary(assessment)];
        return { ...current, assessment };
      },
      now,
    );
    return this.stored(next, etag, entry, risk);
  }

  /**
   * Writes one row of the coordinator's import of a file (#19): creates the risk under `id` (with its
   * assessment, if the row has one) or edits and/or assesses it, each an entry in its history saying
   * it was imported, by whom, when (`comment`: which upload and line). Safe to repeat: a risk the
   * same id already holds was written by an earlier try of the same import.
   *
   * @remarks The same rules as the forms: the row was validated by the import's dry run with the
   * form's and assess card's rules; systems are looked up in the register again here. Coordinator only
   * (P10): an import may set any system or area.
   */
  async imported(
    actor: RiskActor,
    row: {
      id: string;
      create: boolean;
      /** The version the row was planned against: a risk changed since is not written over (ConflictError). */
      version?: number;
      details?: RiskInput;
      assessment?: AssessmentInput;
      comment: string;
    },
  ): Promise<RiskRecord> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('import risks');
    if (!idPattern.test(row.id)) throw new NotFoundError('risk');
    const now = this.clock.now();
    const assessment = (input: AssessmentInput): RiskAssessment => ({
      ...input,
      assessedAt: now.toISOString(),
      assessedBy: actor.userId,
      assessedByName: actor.name,
    });
    if (row.create) {
      if (!row.details) throw new ValidationError({ title: 'risks.errors.required' });
      const risk: RiskRecord = {
        ...(await this.withSystemNames(row.details)),
        id: row.id,
        version: 1,
        createdAt: now.toISOString(),
        createdBy: actor.name,
        ...(row.assessment ? { assessment: assessment(row.assessment) } : {}),
      };
      const entry: RiskHistoryEntry = {
        version: 1,
        at: now.toISOString(),
        by: actor.userId,
        byName: actor.name,
        action: 'importCreated',
        changes: risk.assessment ? { assessment: [null, summary(risk.assessment)] } : {},
        comment: row.comment,
      };
      try {
        await this.repo.create(risk, entry);
        return risk;
      } catch (error) {
        // Written by an earlier try of this import (the id comes from the upload and the row's key).
        const stored = error instanceof ConflictError ? await this.repo.get(row.id) : undefined;
        if (!stored) throw error;
        await this.repo.repair(stored.risk);
        return stored.risk;
      }
    }
    const found = await this.repo.get(row.id);
    if (!found || (row.version !== undefined && found.risk.version !== row.version)) throw new ConflictError('risk');
    if (!row.details && !row.assessment) return found.risk;
    // Details and assessment in one version: a retry never finds the row half written.
    const details = row.details && (await this.withSystemNames(row.details));
    const made = row.assessment && assessment(row.assessment);
    const { next, entry } = versionedChange(
      found.risk,
      found.risk.version,
      'risk',
      actor,
      made ? 'importAssessed' : 'importEdited',
      (current, changes) => {
        const edited = details ? withDetails(details)(current, changes) : current;
        if (!made) return edited;
        changes.assessment = [summary(current.assessment), summary(made)];
        return { ...edited, assessment: made };
      },
      now,
      row.comment,
    );
    return this.stored(next, found.etag, entry, found.risk);
  }

  /**
   * Stores a change; an outdated card is refused (ConflictError), after completing what an earlier
   * try of the same change may have left undone (its lists and audit record).
   */
  private async stored(next: RiskRecord, etag: string, entry: RiskHistoryEntry, risk: RiskRecord): Promise<RiskRecord> {
    try {
      return (await this.repo.update(next, etag, entry, risk)).risk;
    } catch (error) {
      if (error instanceof ConflictError) await this.completeStored(next.id);
      throw error;
    }
  }

  /** Completes what the stored version of a risk may lack (its lists, its audit record): safe to repeat. */
  private async completeStored(id: string): Promise<void> {
    const stored = await this.repo.get(id);
    if (stored) await this.repo.repair(stored.risk);
  }

  /**
   * Completes a risk an earlier try of an import wrote (#19): its lists and audit record, which a
   * fault after its record was stored may have left undone. Coordinator only, as the import.
   */
  async completeImported(actor: RiskActor, id: string): Promise<void> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('import risks');
    if (!idPattern.test(id)) throw new NotFoundError('risk');
    await this.completeStored(id);
  }

  private async changeable(actor: RiskActor, id: unknown): Promise<{ risk: RiskRecord; etag: string }> {
    const { risk, etag, canChange } = await this.get(actor, id);
    if (!canChange) throw new ForbiddenError('change risk');
    return { risk, etag };
  }

  private requireRegister(actor: RiskActor): void {
    if (!mayUseRegister(actor)) throw new ForbiddenError('risk register');
  }

  /** The risks of the systems the actor owns, each once. */
  private async ownRisks(actor: RiskActor): Promise<RiskListItem[]> {
    const owned = await this.systems.ownedBy(actor.userId);
    const lists = await Promise.all(owned.map((system) => this.repo.listForSystem(system.id)));
    const seen = new Map<string, RiskListItem>();
    for (const item of lists.flat()) seen.set(item.id, item);
    return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** The details with each system's name from the register; a system not in the register is refused. */
  private async withSystemNames(input: RiskInput): Promise<RiskDetails> {
    const found = await Promise.all(input.systemIds.map((id) => this.systems.system(id)));
    if (found.some((system) => !system)) throw new ValidationError({ systems: 'risks.errors.systemUnknown' });
    return { ...input, systemNames: found.map((system) => system!.name) };
  }
}

/** A change that gives the risk `details`, noting each field that changes. */
const withDetails =
  (details: RiskDetails) =>
  (current: RiskRecord, changes: RiskHistoryEntry['changes']): RiskRecord => {
    for (const key of ['title', 'scenario', 'systemIds', 'area', 'ownerId'] as const)
      if (JSON.stringify(current[key]) !== JSON.stringify(details[key])) changes[key] = [current[key], details[key]];
    return { ...current, ...details, area: details.area };
  };

const levelOfResidual = (assessment: RiskAssessment): RiskLevel => residualLevel(assessment);

/** What the history keeps of an assessment (the facts, not who). */
const summary = (assessment: RiskAssessment | undefined): unknown =>
  assessment && {
    likelihood: assessment.likelihood,
    consequence: assessment.consequence,
    treatment: assessment.treatment,
    residual: [assessment.residualLikelihood, assessment.residualConsequence],
    nextReview: assessment.nextReview,
  };
