import type { MeasureStore } from '../measures/parent';
import type { IncidentRepository } from './repository';
import type { IncidentService } from './service';

/** Who writes a delivery into an incident's history when the bot sends a measure. */
export const measureBot = { userId: 'sikkerhedsbot', name: 'Sikkerhedsbot' };

/**
 * The incident log's measures as their owners and the morning run see them (#20): open ones from the
 * open list's rows (one partition read, in proportion to the open incidents), one's own by number.
 */
export const incidentMeasures = (
  service: Pick<IncidentService, 'ownMeasure' | 'completeOwnMeasure' | 'recordMeasureNotice'>,
  repo: Pick<IncidentRepository, 'listOpen'>,
): MeasureStore => ({
  open: async () =>
    (await repo.listOpen()).flatMap((incident) =>
      incident.openMeasures.map((measure) => ({
        parent: { kind: 'incident' as const, number: incident.number },
        measure,
      })),
    ),
  own: async (actor, ref, measureId) => {
    const own = await service.ownMeasure(actor, ref, measureId);
    return { parent: { kind: 'incident', number: own.number }, measure: own.measure };
  },
  complete: async (actor, ref, measureId, comment) => {
    const own = await service.completeOwnMeasure(actor, ref, measureId, comment);
    return { parent: { kind: 'incident', number: own.number }, measure: own.measure };
  },
  recordNotice: async (ref, measureId, delivered) => {
    await service.recordMeasureNotice(measureBot, ref, measureId, delivered);
  },
});
