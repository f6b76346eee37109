import type { Identity } from '../../platform/turn';
import type { Role } from './roles';

/**
 * Who is acting: the identity from the authenticated activity (never from card data) and the roles
 * storage holds for them. What services and handlers take, with no chat SDK's types in it.
 */
export interface Actor extends Identity {
  roles: ReadonlySet<Role>;
}
