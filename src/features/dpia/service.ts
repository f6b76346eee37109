import { randomBytes } from 'node:crypto';
import { danishToday, type Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { SystemRecord } from '../systems/model';
import type { SystemActor, SystemService } from '../systems/service';
import { onlyLatest } from './latest';
import type { ScreeningQuestion, Screening, ScreeningTrigger } from './model';
import type { ScreeningRepository } from './repository';
import { screenForDpia, type ScreeningAnswers, type ScreeningResult } from './screening-outcome';

const isCoordinator = (actor: SystemActor): boolean => actor.roles.has('coordinator');
/** The data protection officer sees every screening (GDPR art. 39(1)(c)), read-only but for advice. */
const isDpo = (actor: SystemActor): boolean => actor.roles.has('dpo');

/**
 * DPIA screenings (P5): the coordinator starts one for a new or changed system, its owner answers,
 * the outcome is decided by {@link screenForDpia} and stored with every answer, who and when —
 * never changed afterwards; a new screening supersedes it. A required DPIA is tracked until done.
 */
export class DpiaService {
  constructor(
    private readonly repo: ScreeningRepository,
    private readonly systems: SystemService,
    private readonly clock: Clock,
  ) {}

  /** Starts a screening of a system for its owner (coordinator only). */
  async start(actor: SystemActor, systemId: unknown, trigger: ScreeningTrigger): Promise<Screening> {
    if (!isCoordinator(actor)) throw new ForbiddenError('start screening');
    const { system } = await this.systems.get(actor, systemId);
    const screening: Screening = {
      id: `${system.id}-${randomBytes(4).toString('hex')}`,
      systemId: system.id,
      systemName: system.name,
      trigger,
      ownerId: system.ownerId,
      requestedBy: actor.userId,
      requestedByName: actor.name,
      requestedAt: this.clock.now().toISOString(),
    };
    await this.repo.create(screening);
    const replaced = await this.systems.linkScreening(actor, system.id, screening.id);
    // The replaced one can no longer be answered nor its DPIA recorded: no more reminders, not open.
    if (replaced) await this.repo.retire(replaced);
    return screening;
  }

  /**
   * One screening, for the coordinator, the data protection officer, or the owner who must answer it (P10) — while they still own
   * the system: once the coordinator hands the system to someone else, the former owner no longer
   * sees or answers its screening.
   */
  async get(
    actor: SystemActor,
    id: unknown,
  ): Promise<{ screening: Screening; etag: string; isLatest: boolean; systemOwnerId: string }> {
    const stored =
      typeof id === 'string' && /^[0-9a-f]{12}-[0-9a-f]{8}$/.test(id) ? await this.repo.get(id) : undefined;
    if (!stored || !(isCoordinator(actor) || isDpo(actor) || stored.screening.ownerId === actor.userId))
      throw new NotFoundError('screening');
    const { system } = await this.systems.get({ ...actor, roles: new Set(['coordinator']) }, stored.screening.systemId);
    if (!isCoordinator(actor) && !isDpo(actor) && system.ownerId !== actor.userId) throw new NotFoundError('screening');
    return { ...stored, isLatest: system.latestScreeningId === stored.screening.id, systemOwnerId: system.ownerId };
  }

  /** The outcome the answers would give, without storing anything (the owner's preview). */
  async preview(actor: SystemActor, id: unknown, answers: ScreeningAnswers): Promise<ScreeningResult> {
    await this.answerable(actor, id);
    return screenForDpia(answers);
  }

  /** Stores the owner's confirmed answers and the outcome; only the owner, only once, only the latest screening. */
  async answer(
    actor: SystemActor,
    id: unknown,
    answers: ScreeningAnswers,
    notes: Partial<Record<ScreeningQuestion, string>>,
  ): Promise<Screening> {
    const { screening, etag } = await this.answerable(actor, id);
    const next: Screening = {
      ...screening,
      answer: {
        answers,
        notes,
        result: screenForDpia(answers),
        answeredBy: actor.userId,
        answeredByName: actor.name,
        answeredAt: this.clock.now().toISOString(),
      },
    };
    return (await this.repo.update(next, etag)).screening;
  }

  /** Records that a required DPIA is done, with date and link (coordinator only). */
  async recordDpiaDone(actor: SystemActor, id: unknown, doneDate: string, link: string): Promise<Screening> {
    if (!isCoordinator(actor)) throw new ForbiddenError('record DPIA');
    const { screening, etag, isLatest } = await this.get(actor, id);
    // The card offers this only on a system's newest screening; a crafted request is refused too.
    if (!isLatest) throw new ValidationError({ form: 'dpia.errors.superseded' });
    if (screening.answer?.result.outcome !== 'dpiaRequired')
      throw new ValidationError({ form: 'dpia.errors.noDpiaRequired' });
    if (screening.dpia?.doneDate) throw new ConflictError('DPIA already recorded');
    if (doneDate > danishToday(this.clock.now())) throw new ValidationError({ doneDate: 'dpia.errors.future' });
    const next: Screening = {
      ...screening,
      dpia: { doneDate, link, recordedBy: actor.name, recordedAt: this.clock.now().toISOString() },
    };
    return (await this.repo.update(next, etag)).screening;
  }

  /**
   * Keeps the data protection officer's advice on a screening (DPO only; any screening, answered or
   * not). The same advice card sent twice (its draft id) keeps it once; a concurrent change of the
   * screening is read again, never overwritten.
   */
  async addAdvice(actor: SystemActor, id: unknown, text: string, draftId: string): Promise<Screening> {
    if (!isDpo(actor)) throw new ForbiddenError('screening advice');
    if (!text) throw new ValidationError({ advice: 'dpo.screening.adviceRequired' });
    for (let attempt = 0; ; attempt++) {
      const { screening, etag } = await this.get(actor, id);
      if (screening.dpoAdvice?.some((advice) => advice.id === draftId)) return screening;
      const advice = { id: draftId, text, by: actor.userId, byName: actor.name, at: this.clock.now().toISOString() };
      try {
        return (await this.repo.update({ ...screening, dpoAdvice: [...(screening.dpoAdvice ?? []), advice] }, etag))
          .screening;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 2) throw error;
      }
    }
  }

  /** The system's newest screening, if any (coordinator or the system's owner): one point read. */
  async latestFor(actor: SystemActor, system: SystemRecord): Promise<Screening | undefined> {
    if (!this.systems.canManage(actor, system) || !system.latestScreeningId) return undefined;
    return (await this.repo.get(system.latestScreeningId))?.screening;
  }

  /** A system's screenings, newest first (coordinator or owner). */
  async forSystem(actor: SystemActor, systemId: string): Promise<Screening[]> {
    await this.systems.get(actor, systemId);
    return this.repo.listBySystem(systemId, 20);
  }

  /** Required DPIAs not yet done, of each system's newest screening: the ones that can be recorded (coordinator only). */
  async openDpias(actor: SystemActor): Promise<Screening[]> {
    if (!isCoordinator(actor)) throw new ForbiddenError('open DPIAs');
    return onlyLatest(await this.repo.listDpiaOpen(200), async (systemId) => {
      try {
        return (await this.systems.get(actor, systemId)).system.latestScreeningId;
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    });
  }

  private async answerable(actor: SystemActor, id: unknown): Promise<{ screening: Screening; etag: string }> {
    const found = await this.get(actor, id);
    if (found.screening.ownerId !== actor.userId || found.systemOwnerId !== actor.userId)
      throw new ForbiddenError('answer screening');
    if (found.screening.answer) throw new ConflictError('screening already answered');
    if (!found.isLatest) throw new ValidationError({ form: 'dpia.errors.superseded' });
    return found;
  }
}
