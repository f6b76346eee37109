import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { Measure } from '../incidents/model';
import type { MeasureStore, OwnMeasure } from '../measures/parent';
import { versionedChange } from '../versioned-change';
import type { RiskActor } from './access';
import type { RiskHistoryEntry, RiskRecord } from './model';
import type { RiskRepository, StoredRisk } from './repository';
import type { RiskService } from './service';

/** At most this many measures per risk (as per incident: the measures card stays within the budget). */
export const MAX_RISK_MEASURES = 50;
/** How often a change written by the bot or an owner is tried again on a risk changed meanwhile. */
const TRIES = 5;
/** Who writes a delivery into a risk's history. */
const bot = { userId: 'sikkerhedsbot', name: 'Sikkerhedsbot' };

const idPattern = /^[0-9a-f]{12}$/;

/**
 * The remedial measures of a risk's treatment (#19, #20 item 3): the same measures as an incident's,
 * kept on the risk, in its history and its audit chain.
 *
 * @remarks P10: the coordinator, or a system owner for a risk of his own systems, adds measures (the
 * register's own rule, {@link RiskService.get}); only a measure's stored owner — whoever they are,
 * with or without a role — opens it and marks it done, and sees of the risk only its title.
 */
export class RiskMeasureService {
  constructor(
    private readonly repo: RiskRepository,
    private readonly risks: Pick<RiskService, 'get'>,
    private readonly clock: Clock,
  ) {}

  /** Adds a measure from a card that showed `version` (whoever may change the risk). */
  async add(
    actor: RiskActor,
    id: unknown,
    version: unknown,
    measure: Omit<Measure, 'id' | 'done'>,
  ): Promise<{ risk: RiskRecord; added: Measure }> {
    const { risk, etag, canChange } = await this.risks.get(actor, id);
    if (!canChange) throw new ForbiddenError('risk measure');
    if ((risk.measures ?? []).length >= MAX_RISK_MEASURES)
      throw new ValidationError({ measureText: 'incidents.errors.tooMany' });
    const added: Measure = { ...measure, id: randomUUID().slice(0, 8), done: false };
    const { next, entry } = versionedChange(
      risk,
      version,
      'risk',
      actor,
      'measureAdded',
      (current, changes) => {
        changes.measure = [null, `${added.text} (${added.owner}, ${added.dueDate})`];
        return { ...current, measures: [...(current.measures ?? []), added] };
      },
      this.clock.now(),
    );
    try {
      return { risk: (await this.repo.update(next, etag, entry, risk)).risk, added };
    } catch (error) {
      // An outdated card: complete what an earlier try may have left undone, from the risk as stored now.
      const current = error instanceof ConflictError ? await this.repo.get(risk.id) : undefined;
      if (current) await this.repo.repair(current.risk);
      throw error;
    }
  }

  /** One measure as its owner sees it; anyone but the owner is told it does not exist (P10). */
  async own(actor: { userId: string }, id: unknown, measureId: unknown): Promise<OwnMeasure> {
    const stored = typeof id === 'string' && idPattern.test(id) ? await this.repo.get(id) : undefined;
    const measure = stored?.risk.measures?.find((item) => item.id === measureId);
    if (!stored || !measure?.ownerId || measure.ownerId !== actor.userId) throw new NotFoundError('measure');
    return { parent: parentOf(stored.risk), measure };
  }

  /** The owner marks their measure done with an optional comment; done already is answered as it is. */
  async complete(
    actor: { userId: string; name: string },
    id: unknown,
    measureId: unknown,
    comment: string,
  ): Promise<OwnMeasure> {
    const own = await this.own(actor, id, measureId);
    if (own.measure.done) return own;
    const now = this.clock.now().toISOString();
    const changed = await this.changeCurrent(
      actor,
      own.parent.kind === 'risk' ? own.parent.id : '',
      'measureDone',
      (risk, changes) => {
        const measure = risk.measures?.find((item) => item.id === own.measure.id);
        if (!measure || measure.done) return undefined;
        changes.measure = [measure.text, 'done'];
        const done: Measure = {
          ...measure,
          done: true,
          doneAt: now,
          doneBy: actor.name,
          doneComment: comment || undefined,
        };
        return { ...risk, measures: risk.measures?.map((item) => (item.id === measure.id ? done : item)) };
      },
      comment,
    );
    const measure = changed?.measures?.find((item) => item.id === own.measure.id);
    return measure ? { parent: parentOf(changed!), measure } : this.own(actor, id, measureId);
  }

  /**
   * Records whether the owner got the measure in their personal chat (written by the bot): an owner
   * who could not be reached is flagged for the coordinator; a later delivery clears the flag.
   */
  async recordNotice(id: string, measureId: string, delivered: boolean): Promise<RiskRecord | undefined> {
    const at = this.clock.now().toISOString();
    return this.changeCurrent(bot, id, 'measureNotice', (risk, changes) => {
      const measure = risk.measures?.find((item) => item.id === measureId);
      if (!measure || measure.done) return undefined;
      if (delivered ? measure.notifiedAt && !measure.unreachableAt : measure.unreachableAt) return undefined;
      changes.measureOwnerReached = [measure.unreachableAt ? false : null, delivered];
      const next: Measure = delivered
        ? { ...measure, notifiedAt: at, unreachableAt: undefined }
        : { ...measure, unreachableAt: at };
      return { ...risk, measures: risk.measures?.map((item) => (item.id === measureId ? next : item)) };
    });
  }

  /** The measures of the register as owners and the morning run see them. */
  store(): MeasureStore {
    return {
      open: () => this.repo.openMeasures(),
      own: (actor, ref, measureId) => this.own(actor, ref, measureId),
      complete: (actor, ref, measureId, comment) => this.complete(actor, ref, measureId, comment),
      recordNotice: async (ref, measureId, delivered) => {
        await this.recordNotice(ref, measureId, delivered);
      },
    };
  }

  /**
   * Applies a change to the risk as stored now (no card version: the owner's and the bot's changes
   * do not race the coordinator's form), read again when another change came first; `undefined`
   * from `apply` means nothing to change.
   */
  private async changeCurrent(
    who: { userId: string; name: string },
    id: string,
    action: RiskHistoryEntry['action'],
    apply: (risk: RiskRecord, changes: RiskHistoryEntry['changes']) => RiskRecord | undefined,
    comment?: string,
  ): Promise<RiskRecord | undefined> {
    for (let attempt = 0; ; attempt++) {
      const stored: StoredRisk | undefined = await this.repo.get(id);
      if (!stored) throw new NotFoundError('risk');
      let changed: RiskRecord | undefined;
      const { next, entry } = versionedChange(
        stored.risk,
        stored.risk.version,
        'risk',
        who,
        action,
        (risk, changes) => (changed = apply(risk, changes)) ?? risk,
        this.clock.now(),
        comment,
      );
      if (!changed) return undefined;
      try {
        return (await this.repo.update(next, stored.etag, entry, stored.risk)).risk;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= TRIES) throw error;
      }
    }
  }
}

const parentOf = (risk: RiskRecord) => ({ kind: 'risk' as const, id: risk.id, title: risk.title });
