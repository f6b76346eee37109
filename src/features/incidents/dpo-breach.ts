import type { Clock } from '../../clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { versionedChange } from '../versioned-change';
import type { Incident } from './model';
import { parseNumber } from './numbering';
import type { IncidentRepository, IncidentView } from './repository';
import type { IncidentActor } from './service';

/**
 * Whether the data protection officer may see an incident: a personal-data breach, or one that was
 * treated as one (a decision recorded before the mark was cleared).
 *
 * @remarks GDPR art. 38–39, P10 need-to-know: the DPO sees breach records, not other incidents.
 */
export const dpoMaySee = (incident: Incident): boolean => incident.isBreach || incident.breachDecision !== undefined;

/** The longest advice the DPO can give in one go. */
export const ADVICE_MAX = 2000;

/**
 * The data protection officer's part in a breach (P3, GDPR art. 39(1)(a)): reading the breach
 * record, and advice that is kept in the incident's history.
 *
 * @remarks Only holders of the `dpo` role, only breaches (anyone else, or another incident, is told
 * it does not exist). The advice changes nothing but the history: the coordinator decides. It is
 * given on the version the card showed, so advice never lands on a record the DPO has not seen.
 */
export class DpoBreachService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly clock: Clock,
  ) {}

  /** A breach with its history, as the DPO's card shows it. */
  async view(actor: IncidentActor, number: unknown): Promise<IncidentView> {
    this.requireDpo(actor);
    const parsed = parseNumber(number);
    const found = parsed && (await this.repo.view(parsed.year, parsed.seq));
    if (!found || !dpoMaySee(found.incident)) throw new NotFoundError('incident');
    return found;
  }

  /** Keeps the DPO's advice in the breach's history; a card showing an older version is a ConflictError. */
  async advise(actor: IncidentActor, number: unknown, seenVersion: unknown, advice: string): Promise<Incident> {
    this.requireDpo(actor);
    const parsed = parseNumber(number);
    const stored = parsed && (await this.repo.get(parsed.year, parsed.seq));
    if (!stored || !dpoMaySee(stored.incident)) throw new NotFoundError('incident');
    if (!advice) throw new ValidationError({ advice: 'dpo.breach.adviceRequired' });
    const { next, entry } = versionedChange(
      stored.incident,
      seenVersion,
      stored.incident.number,
      actor,
      'dpoAdvice',
      (incident) => incident,
      this.clock.now(),
      advice,
    );
    return (await this.repo.update(next, stored.etag, entry, stored.incident)).incident;
  }

  private requireDpo(actor: IncidentActor): void {
    if (!actor.roles.has('dpo')) throw new ForbiddenError('dpo breach');
  }
}
