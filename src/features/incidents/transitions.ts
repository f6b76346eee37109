import type { IncidentState } from './model';

/**
 * Which state may follow which (P1): received → in progress → contained → resolved → closed,
 * with "not an incident" from the first steps, and reopening where a coordinator may need it.
 */
const allowed: Record<IncidentState, readonly IncidentState[]> = {
  received: ['inProgress', 'contained', 'resolved', 'closed', 'notAnIncident'],
  inProgress: ['contained', 'resolved', 'closed', 'notAnIncident'],
  contained: ['inProgress', 'resolved', 'closed'],
  resolved: ['inProgress', 'closed'],
  closed: ['inProgress'],
  notAnIncident: ['received'],
};

/** True when `to` may follow `from` (staying in the same state is always allowed). */
export const canMove = (from: IncidentState, to: IncidentState): boolean => from === to || allowed[from].includes(to);

/** The states a card may offer from the current one, current first. */
export const nextStates = (from: IncidentState): IncidentState[] => [from, ...allowed[from]];
