import { versionedChange } from '../versioned-change';
import { randomBytes } from 'node:crypto';
import { danishToday, type Clock } from '../../clock';
import { ExpiringCache } from '../../expiring-cache';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { draftKey, isDraftId } from '../draft-id';
import type { Role } from '../access/roles';
import {
  assessCriticality,
  compareByCriticality,
  type CriticalityAnswers,
  type CriticalityCategory,
} from './criticality';
import type { SystemListItem } from './list-item';
import { parsePosition, positionIn, type SystemList } from './list-order';
import {
  type CategoryOrUnclassified,
  type MajorChange,
  type RiskAssessment,
  type SystemDetails,
  type SystemHistoryEntry,
  type SystemRecord,
} from './model';
import type { SystemRepository } from './repository';

/** The person acting, as the service needs to know them. */
export interface SystemActor {
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
}

/** How many systems one page of a list shows; a page of long names shows fewer, to stay within the card budget. */
export const SYSTEM_PAGE_SIZE = 40;
/** Every system the incident report card offers (its choice set is not paged). */
const DIRECTORY_LIMIT = 1000;
/** How long this instance keeps the directory the report card shows (docs/SECURITY.md). */
export const directoryCacheMs = 15_000;

/** One page of a list: its items, where it starts, and where the next page starts. */
export interface SystemPage {
  items: SystemListItem[];
  /** The position this page starts after; none on the first page. */
  after?: string;
  /** The position the next page starts after; none when this is the last page. */
  next?: string;
}

/** A registration: the system stored now, or by an earlier submit of the same card (`repeated`). */
export interface Registration {
  system: SystemRecord;
  repeated: boolean;
}

const isCoordinator = (actor: SystemActor): boolean => actor.roles.has('coordinator');
const isEmpty = (value: unknown): boolean => value === undefined || value === '';

/**
 * The system register's rules (P4, P8, P10): who may see and change what, criticality from the
 * criteria, risk assessments and major changes. No Teams and no Azure types in here.
 *
 * @remarks The coordinator sees and changes every system; an owner their own (but cannot hand it
 * to someone else); others see names and categories, or names alone (need-to-know, `namesPage`).
 */
export class SystemService {
  /**
   * The directory, read for every report card an employee opens: kept 15 s per instance, and
   * forgotten at once when this instance registers or changes a system.
   */
  private readonly directoryCache: ExpiringCache<'all', SystemListItem[]>;

  constructor(
    private readonly repo: SystemRepository,
    private readonly clock: Clock,
    /** The directory cache's clock (milliseconds; tests move it). */
    cacheNow?: () => number,
  ) {
    this.directoryCache = new ExpiringCache(directoryCacheMs, {
      now: cacheNow,
      copy: (items) => items.map((item) => ({ ...item })),
    });
  }

  /** True when the actor may open and change the system. */
  canManage(actor: SystemActor, system: SystemRecord): boolean {
    return isCoordinator(actor) || system.ownerId === actor.userId;
  }

  /**
   * Registers a system (coordinator; or a system owner, for a system they own themselves); a repeat
   * of the same registration card by the same user answers the system it stored.
   *
   * @remarks The system's id comes from the actor and the card's draft id ({@link draftKey}), so a
   * retry after a storage fault, or a double click, finds the system stored before instead of being
   * refused for its own name; it stays the actor's own: the first history entry must be theirs.
   */
  async register(actor: SystemActor, details: SystemDetails, draftId?: unknown): Promise<Registration> {
    const ownSystem = actor.roles.has('systemOwner') && details.ownerId === actor.userId;
    if (!isCoordinator(actor) && !ownSystem) throw new ForbiddenError('register system');
    const id = isDraftId(draftId) ? draftKey(actor.userId, draftId).slice(0, 12) : randomBytes(6).toString('hex');
    const before = isDraftId(draftId) ? await this.registeredBefore(actor, id) : undefined;
    if (before) return { system: before, repeated: true };
    const now = this.clock.now().toISOString();
    const system: SystemRecord = { ...details, id, version: 1, createdAt: now, createdBy: actor.name };
    try {
      await this.repo.create(system, {
        version: 1,
        at: now,
        by: actor.userId,
        byName: actor.name,
        action: 'registered',
        changes: {},
      });
      this.directoryCache.forget();
      return { system, repeated: false };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const stored = isDraftId(draftId) ? await this.registeredBefore(actor, id) : undefined;
      if (stored) return { system: stored, repeated: true };
      throw new ValidationError({ name: 'systems.errors.nameTaken' });
    }
  }

  /** One system, for the coordinator or its owner; anyone else is told it does not exist (P10). */
  async get(actor: SystemActor, id: unknown): Promise<{ system: SystemRecord; etag: string }> {
    const stored = typeof id === 'string' && /^[0-9a-f]{12}$/.test(id) ? await this.repo.get(id) : undefined;
    if (!stored || !this.canManage(actor, stored.system)) throw new NotFoundError('system');
    return stored;
  }

  /** The change history of a system (coordinator or owner). */
  async history(actor: SystemActor, system: SystemRecord): Promise<SystemHistoryEntry[]> {
    if (!this.canManage(actor, system)) throw new NotFoundError('system');
    return this.repo.history(system.id);
  }

  /** Every system's name and category, most critical first, for the incident report card (everyone). */
  directory(): Promise<SystemListItem[]> {
    return this.directoryCache.get('all', () => this.repo.listRegister(undefined, DIRECTORY_LIMIT));
  }

  /**
   * A page of the register, by category (most critical first) and name, after the position a card
   * carried. The coordinator sees it in full; anyone else as the directory (names and categories).
   */
  async directoryPage(after: unknown, limit = SYSTEM_PAGE_SIZE): Promise<SystemPage> {
    return this.page('register', after, limit, (position, count) => this.repo.listRegister(position, count));
  }

  /**
   * A page of the systems' names alone, in the order of their names (P4, P10 need-to-know): for
   * guests and people without a role, who need the names to report an incident and nothing more.
   *
   * @remarks Read from the register (every system, at most 1,000; not the report card's 15-second
   * cache, so a list shows what was just registered) and ordered by name, so neither the order nor
   * the page positions say anything about a system's category.
   */
  async namesPage(after: unknown, limit = SYSTEM_PAGE_SIZE): Promise<SystemPage> {
    const position = isEmpty(after) ? undefined : parsePosition('names', after);
    if (!isEmpty(after) && !position) throw new ValidationError({ form: 'systems.list.badRequest' });
    const all = (await this.repo.listRegister(undefined, DIRECTORY_LIMIT))
      .map((item) => ({ item, at: positionIn('names', item) }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const start = position ? all.findIndex((entry) => entry.at > position) : 0;
    const rest = start < 0 ? [] : all.slice(start);
    const items = rest.slice(0, limit).map(({ item }) => item);
    const last = items.at(-1);
    return { items, after: position, next: rest.length > limit && last ? positionIn('names', last) : undefined };
  }

  /** A page of the register for the coordinator (see {@link directoryPage}). */
  async registerPage(actor: SystemActor, after: unknown, limit = SYSTEM_PAGE_SIZE): Promise<SystemPage> {
    this.requireCoordinator(actor, 'system register');
    return this.directoryPage(after, limit);
  }

  /**
   * A page of the systems whose risk assessment is missing, overdue or called for by a major change,
   * most overdue first (coordinator only).
   *
   * @remarks Not a sweep of the register: the due list is kept by due time, so "due by now" is one
   * range of it, and a page of that range is read like any other list.
   */
  async duePage(actor: SystemActor, after: unknown, limit = SYSTEM_PAGE_SIZE): Promise<SystemPage> {
    this.requireCoordinator(actor, 'risk assessments due');
    const now = this.clock.now();
    return this.page('due', after, limit, (position, count) => this.repo.listDueBy(now, position, count));
  }

  /** A page of the actor's own systems ("mine systemer"), by name. */
  async minePage(actor: SystemActor, after: unknown, limit = SYSTEM_PAGE_SIZE): Promise<SystemPage> {
    return this.page('owned', after, limit, (position, count) => this.repo.listOwnedBy(actor.userId, position, count));
  }

  /** The contingency plan link of the system with this name (for the incident triage card, P2). */
  async planFor(name: string): Promise<string | undefined> {
    return (await this.repo.findByName(name))?.contingencyPlanUrl;
  }

  /** Changes name, purpose, supplier, plan and personal data; only the coordinator may change the owner. */
  async edit(actor: SystemActor, id: unknown, seenVersion: unknown, details: SystemDetails): Promise<SystemRecord> {
    return this.change(actor, id, seenVersion, 'edited', (system, changes) => {
      if (details.ownerId !== system.ownerId && !isCoordinator(actor)) throw new ForbiddenError('change owner');
      const next = { ...system };
      for (const key of Object.keys(details) as (keyof SystemDetails)[]) {
        if (JSON.stringify(system[key]) !== JSON.stringify(details[key])) {
          changes[key] = [system[key] ?? null, details[key] ?? null];
          (next as Record<string, unknown>)[key] = details[key];
        }
      }
      if (Object.keys(changes).length === 0) throw new ValidationError({ form: 'systems.errors.nothingChanged' });
      return next;
    });
  }

  /**
   * Records the answers to the criticality criteria and the proposed category (coordinator or owner).
   *
   * @remarks P4. The proposal comes from {@link assessCriticality}; the category counts only once the
   * coordinator confirms it (or overrides it with a reason) with {@link confirmCategory}.
   */
  async classify(
    actor: SystemActor,
    id: unknown,
    seenVersion: unknown,
    answers: CriticalityAnswers,
  ): Promise<SystemRecord> {
    return this.change(actor, id, seenVersion, 'classified', (system, changes) => {
      const result = assessCriticality(answers);
      changes.proposed = [system.criticality?.proposed ?? null, result.category];
      return {
        ...system,
        criticality: {
          answers,
          proposed: result.category,
          reasons: result.reasons,
          category: system.criticality?.category,
          overrideReason: system.criticality?.overrideReason,
          confirmedBy: system.criticality?.confirmedBy,
          confirmedAt: system.criticality?.confirmedAt,
          answeredBy: actor.name,
          answeredAt: this.clock.now().toISOString(),
        },
      };
    });
  }

  /** The coordinator confirms the proposed category, or chooses another with a reason (P4). */
  async confirmCategory(
    actor: SystemActor,
    id: unknown,
    seenVersion: unknown,
    category: CriticalityCategory,
    reason: string,
  ): Promise<SystemRecord> {
    this.requireCoordinator(actor, 'confirm category');
    return this.change(
      actor,
      id,
      seenVersion,
      'confirmed',
      (system, changes) => {
        const criticality = system.criticality;
        if (!criticality) throw new ValidationError({ form: 'systems.errors.notClassified' });
        if (category !== criticality.proposed && !reason)
          throw new ValidationError({ overrideReason: 'systems.errors.overrideReason' });
        changes.category = [criticality.category ?? null, category];
        return {
          ...system,
          criticality: {
            ...criticality,
            category,
            overrideReason: category !== criticality.proposed ? reason : undefined,
            confirmedBy: actor.name,
            confirmedAt: this.clock.now().toISOString(),
          },
        };
      },
      reason,
    );
  }

  /** Records a documented risk assessment (coordinator or owner, P4); a pending major change is answered by it. */
  async recordRiskAssessment(
    actor: SystemActor,
    id: unknown,
    seenVersion: unknown,
    assessment: Omit<RiskAssessment, 'recordedAt'>,
  ): Promise<SystemRecord> {
    return this.change(actor, id, seenVersion, 'riskAssessed', (system, changes) => {
      if (assessment.date > danishToday(this.clock.now()))
        throw new ValidationError({ riskDate: 'systems.errors.future' });
      changes.lastRiskAssessment = [system.lastRiskAssessment?.date ?? null, assessment.date];
      return {
        ...system,
        lastRiskAssessment: { ...assessment, recordedAt: this.clock.now().toISOString() },
        pendingChange: undefined,
      };
    });
  }

  /** Records a major change (coordinator or owner, P8): the risk assessment is due now. */
  async recordMajorChange(
    actor: SystemActor,
    id: unknown,
    seenVersion: unknown,
    change: Pick<MajorChange, 'area' | 'description'>,
  ): Promise<SystemRecord> {
    return this.change(
      actor,
      id,
      seenVersion,
      'majorChange',
      (system, changes) => {
        const recorded: MajorChange = { ...change, at: this.clock.now().toISOString(), by: actor.name };
        changes.majorChange = [null, change.area];
        return { ...system, pendingChange: recorded };
      },
      change.description,
    );
  }

  /**
   * Links the newest DPIA screening to the system; older screenings are superseded by it (P5).
   * Returns the screening it replaced, read in the same write, so two screenings started at once
   * each name the one they really replaced.
   */
  async linkScreening(actor: SystemActor, id: string, screeningId: string): Promise<string | undefined> {
    this.requireCoordinator(actor, 'start screening');
    for (let attempt = 0; ; attempt++) {
      const { system } = await this.get(actor, id);
      let replaced: string | undefined;
      try {
        await this.change(actor, id, system.version, 'screeningStarted', (current, changes) => {
          replaced = current.latestScreeningId;
          changes.latestScreeningId = [current.latestScreeningId ?? null, screeningId];
          return { ...current, latestScreeningId: screeningId };
        });
        return replaced;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Reads a page after the position a card carried, one item more than it shows to know whether a
   * next page exists. A position that is not one of this list's is a bad request, not an empty page.
   */
  private async page(
    list: SystemList,
    after: unknown,
    limit: number,
    read: (after: string | undefined, limit: number) => Promise<SystemListItem[]>,
  ): Promise<SystemPage> {
    const position = isEmpty(after) ? undefined : parsePosition(list, after);
    if (!isEmpty(after) && !position) throw new ValidationError({ form: 'systems.list.badRequest' });
    const found = await read(position, limit + 1);
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return { items, after: position, next: found.length > limit && last ? positionIn(list, last) : undefined };
  }

  /** The system an earlier submit of the actor's draft stored under `id`, if any. */
  private async registeredBefore(actor: SystemActor, id: string): Promise<SystemRecord | undefined> {
    const stored = await this.repo.get(id);
    if (!stored) return undefined;
    const [registered] = await this.repo.history(id);
    return registered?.by === actor.userId ? stored.system : undefined;
  }

  private requireCoordinator(actor: SystemActor, action: string): void {
    if (!isCoordinator(actor)) throw new ForbiddenError(action);
  }

  /**
   * Reads, checks that the card showed the current version, applies, and writes with the eTag:
   * an outdated card or a concurrent change is a ConflictError, never an overwrite.
   */
  private async change(
    actor: SystemActor,
    id: unknown,
    seenVersion: unknown,
    action: SystemHistoryEntry['action'],
    apply: (system: SystemRecord, changes: SystemHistoryEntry['changes']) => SystemRecord,
    comment?: string,
  ): Promise<SystemRecord> {
    const { system, etag } = await this.get(actor, id);
    const { next, entry } = versionedChange(
      system,
      seenVersion,
      system.id,
      actor,
      action,
      apply,
      this.clock.now(),
      comment,
    );
    try {
      const updated = (await this.repo.update(next, etag, entry, system)).system;
      this.directoryCache.forget();
      return updated;
    } catch (error) {
      if (error instanceof ConflictError && next.name !== system.name && (await this.repo.findByName(next.name)))
        throw new ValidationError({ name: 'systems.errors.nameTaken' });
      throw error;
    }
  }
}

/** Sorts listings most critical first (unclassified last). */
export const mostCriticalFirst = (a: CategoryOrUnclassified, b: CategoryOrUnclassified): number =>
  a === b ? 0 : a === 'unclassified' ? 1 : b === 'unclassified' ? -1 : compareByCriticality(a, b);
