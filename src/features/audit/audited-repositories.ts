import type { ScreeningRepository } from '../dpia/repository';
import type { IncidentRepository } from '../incidents/repository';
import type { SystemRepository } from '../systems/repository';
import type { AuditLog } from './audit-log';
import { breachState, criticalityDecision, DECISIONS, decisionEvent, screeningState } from './decision-records';

/**
 * The repositories of incidents, screenings and systems, appending each breach decision, DPIA
 * outcome and criticality confirmation to the audit log's `decisions` chain once it is stored.
 *
 * @remarks P10: records of decisions cannot be silently changed — `npm run audit:verify` compares
 * each record's decision with its latest audit record. The record is written first, then its audit
 * record (keyed by the record's version, so appended once): if storage fails in between, the user is
 * told to try again and verify lists the decision as not in the audit log. Wrapping the repositories
 * keeps the services free of the audit (they decide; this records what was stored).
 */
export function auditedIncidents(repo: IncidentRepository, audit: AuditLog): IncidentRepository {
  const wrapped = Object.create(repo) as IncidentRepository;
  wrapped.update = async (next, etag, entry, previous) => {
    const stored = await repo.update(next, etag, entry, previous);
    const touched = Object.keys(entry.changes).some((key) => key === 'isBreach' || key.startsWith('breach'));
    if (touched) {
      const { incident } = stored;
      await audit.appendOnce(
        DECISIONS,
        decisionEvent(
          breachState(incident),
          { userId: entry.by, name: entry.byName },
          { number: incident.number, isBreach: incident.isBreach, notify: incident.breachDecision?.notify },
          incident.version,
        ),
      );
    }
    return stored;
  };
  return wrapped;
}

/** The screening repository, appending a DPIA outcome to the audit log once the owner's answer is stored (P5). */
export function auditedScreenings(repo: ScreeningRepository, audit: AuditLog): ScreeningRepository {
  const wrapped = Object.create(repo) as ScreeningRepository;
  wrapped.update = async (next, etag) => {
    const stored = await repo.update(next, etag);
    const { screening } = stored;
    if (screening.answer)
      await audit.appendOnce(
        DECISIONS,
        decisionEvent(
          screeningState(screening),
          { userId: screening.answer.answeredBy, name: screening.answer.answeredByName },
          {
            systemId: screening.systemId,
            outcome: screening.answer.result.outcome,
            reasons: screening.answer.result.reasons,
          },
        ),
      );
    return stored;
  };
  return wrapped;
}

/** The system repository, appending a criticality confirmation to the audit log once stored (P4). */
export function auditedSystems(repo: SystemRepository, audit: AuditLog): SystemRepository {
  const wrapped = Object.create(repo) as SystemRepository;
  wrapped.update = async (next, etag, entry, previous) => {
    const stored = await repo.update(next, etag, entry, previous);
    if (entry.action === 'confirmed') {
      await audit.appendOnce(DECISIONS, criticalityDecision(stored.system, { userId: entry.by, name: entry.byName }));
    }
    return stored;
  };
  return wrapped;
}
