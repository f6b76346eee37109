import type { Role } from '../access/roles';
import type { RiskRecord } from './model';

/** The person acting, as the risk register needs to know them. */
export interface RiskActor {
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
}

/**
 * Who may open the register at all: the coordinator, the management group and system owners.
 *
 * @remarks P6, P10: the coordinator reviews every risk, management assesses risks at its meetings
 * (reads all), a system owner assesses his own systems' risks; anyone else is refused.
 */
export const mayUseRegister = (actor: RiskActor): boolean =>
  actor.roles.has('coordinator') || actor.roles.has('management') || actor.roles.has('systemOwner');

/** Who sees every risk: the coordinator and the management group. */
export const seesAll = (actor: RiskActor): boolean => actor.roles.has('coordinator') || actor.roles.has('management');

/** True when the risk concerns at least one system the actor owns (`owned`: ids of the actor's systems). */
export const concernsOwned = (risk: Pick<RiskRecord, 'systemIds'>, owned: ReadonlySet<string>): boolean =>
  risk.systemIds.some((id) => owned.has(id));

/** Who may open a risk: the coordinator, management, or the owner of one of its systems. */
export const maySee = (actor: RiskActor, risk: RiskRecord, owned: ReadonlySet<string>): boolean =>
  seesAll(actor) || (actor.roles.has('systemOwner') && concernsOwned(risk, owned));

/**
 * Who may edit and assess a risk: the coordinator, or a system owner for a risk of his system (P4:
 * "together with the coordinator"). Management sees, but does not change.
 */
export const mayChange = (actor: RiskActor, risk: RiskRecord, owned: ReadonlySet<string>): boolean =>
  actor.roles.has('coordinator') || (actor.roles.has('systemOwner') && concernsOwned(risk, owned));

/**
 * True when the actor may set the risk's systems from `before` to `after`: the coordinator any; a
 * system owner only adds or removes systems he owns, and never turns it into an area risk.
 */
export function maySetSystems(
  actor: RiskActor,
  before: readonly string[],
  after: readonly string[],
  owned: ReadonlySet<string>,
): boolean {
  if (actor.roles.has('coordinator')) return true;
  if (!actor.roles.has('systemOwner') || after.length === 0) return false;
  const changed = [...after.filter((id) => !before.includes(id)), ...before.filter((id) => !after.includes(id))];
  return changed.every((id) => owned.has(id));
}
