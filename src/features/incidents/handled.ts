import { nis2Awareness } from './awareness';
import { nis2Deadlines, type Nis2Deadlines } from './deadlines';
import type { Incident, IncidentState } from './model';

/**
 * The states in which an incident counts as handled (NIS2 art. 23(4)(e), "their handling of the
 * incident"): resolved (*løst*) or closed (*lukket*). Contained (*begrænset*) is still ongoing; "not
 * an incident" was never one.
 *
 * @remarks P3. An incident reopened (back to received, in progress or contained) is ongoing again.
 */
export const handledStates: readonly IncidentState[] = ['resolved', 'closed'];

/** True when the incident is handled (resolved or closed). */
export const isHandled = (state: IncidentState): boolean => handledStates.includes(state);

/**
 * When the incident was handled: the moment it was first marked resolved or closed (kept until it is
 * reopened); on records from before that moment was kept, the closing time.
 */
export const handledAtOf = (incident: Pick<Incident, 'state' | 'handledAt' | 'closedAt'>): string | undefined =>
  isHandled(incident.state) ? (incident.handledAt ?? incident.closedAt) : undefined;

/** When the first progress report (*statusrapport*, NIS2 art. 23(4)(e)) was sent, if one was. */
export const progressReportAtOf = (incident: Pick<Incident, 'nis2Updates'>): string | undefined =>
  incident.nis2Updates?.find((update) => update.kind === 'progress')?.sentAt;

/** The NIS2 deadlines of an incident as recorded: its NIS2 awareness, the notification sent, a progress report and its handling. */
export function incidentNis2Deadlines(incident: Incident): Nis2Deadlines {
  const notified = incident.nis2Reports?.notification?.sentAt;
  const progress = progressReportAtOf(incident);
  const handled = handledAtOf(incident);
  return nis2Deadlines(nis2Awareness(incident), notified ? new Date(notified) : undefined, {
    progressReportAt: progress ? new Date(progress) : undefined,
    handledAt: handled ? new Date(handled) : undefined,
  });
}
