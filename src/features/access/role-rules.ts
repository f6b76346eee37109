import type { Role } from './roles';

/**
 * Whether revoking `role` from `userId` would leave no coordinator.
 *
 * @remarks P10: the coordinator grants every role, so the last coordinator can never be removed
 * (configuration grants the first ones again at start, but the bot must never be left without).
 */
export const wouldRemoveLastCoordinator = (role: Role, userId: string, coordinators: readonly string[]): boolean =>
  role === 'coordinator' && coordinators.includes(userId) && coordinators.filter((id) => id !== userId).length === 0;

const entraObjectId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the coordinator typed to name a person: an Entra object id, an e-mail (UPN), or nothing usable. */
export function parsePerson(text: string): { kind: 'id'; id: string } | { kind: 'email'; email: string } | undefined {
  const trimmed = text.trim();
  if (entraObjectId.test(trimmed)) return { kind: 'id', id: trimmed.toLowerCase() };
  if (email.test(trimmed)) return { kind: 'email', email: trimmed.toLowerCase() };
  return undefined;
}
