import type { Incident, IncidentReport } from './model';

/** The two regimes whose clocks run from awareness (P3): GDPR art. 33 and NIS2 art. 23. */
export const awarenessRegimes = ['gdpr', 'nis2'] as const;
export type AwarenessRegime = (typeof awarenessRegimes)[number];

/**
 * When the municipality became aware, before anyone corrects it: the reporter's discovery time
 * (the reporter works for the municipality), never later than the report itself.
 *
 * @remarks P3. The 72 hours run from the municipality's *kendskab*, not from when the report
 * reached the coordinator.
 */
export const initialAwareness = (report: Pick<IncidentReport, 'discoveredAt'>, reportedAt: Date): Date => {
  const discovered = new Date(report.discoveredAt);
  return Number.isNaN(discovered.getTime()) || discovered > reportedAt ? reportedAt : discovered;
};

/** The GDPR clock's awareness moment (records from before it was kept start at the report). */
export const gdprAwareness = (incident: Pick<Incident, 'awarenessAt' | 'reportedAt'>): Date =>
  new Date(incident.awarenessAt ?? incident.reportedAt);

/**
 * The NIS2 clock's own awareness moment (P3): corrected apart from the GDPR one. A record from
 * before the two were kept apart shares the GDPR moment until either is corrected.
 */
export const nis2Awareness = (incident: Pick<Incident, 'nis2AwarenessAt' | 'awarenessAt' | 'reportedAt'>): Date =>
  new Date(incident.nis2AwarenessAt ?? incident.awarenessAt ?? incident.reportedAt);
