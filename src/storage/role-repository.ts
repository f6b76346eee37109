import { randomUUID } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { ConflictError } from '../errors';
import {
  isRole,
  type GrantContext,
  type GrantOutcome,
  type Role,
  type RoleGrant,
  type RoleRepository,
  type StoredGrant,
} from '../features/access/roles';
import { isConflict, isNotFound, rethrowStorageError } from './errors';

const byUser = (userId: string): string => `user_${userId}`;
const byRole = (role: Role): string => `role_${role}`;
/** A grant or revoke races another change of the same grant at most this often before it gives up. */
const ATTEMPTS = 5;

/** A `role_<role>` row; empty strings stand for absent values. */
interface GrantRow {
  grantedBy?: string;
  grantedAt?: string;
  name?: string;
  email?: string;
  id?: string;
  grantedByName?: string;
  reason?: string;
  revokedBy?: string;
  revokedByName?: string;
  revokedAt?: string;
}

const toGrant = (role: Role, userId: string, row: GrantRow): StoredGrant => ({
  userId,
  role,
  name: row.name || undefined,
  email: row.email || undefined,
  grantedBy: row.grantedBy ?? '',
  grantedAt: row.grantedAt ?? '',
  id: row.id || undefined,
  grantedByName: row.grantedByName || undefined,
  reason: row.reason || undefined,
  revoked: row.revokedAt
    ? { by: row.revokedBy ?? '', byName: row.revokedByName || undefined, at: row.revokedAt }
    : undefined,
});

const toRow = (grant: StoredGrant) => ({
  partitionKey: byRole(grant.role),
  rowKey: grant.userId,
  grantedBy: grant.grantedBy,
  grantedAt: grant.grantedAt,
  name: grant.name ?? '',
  email: grant.email ?? '',
  id: grant.id ?? '',
  grantedByName: grant.grantedByName ?? '',
  reason: grant.reason ?? '',
  revokedBy: grant.revoked?.by ?? '',
  revokedByName: grant.revoked?.byName ?? '',
  revokedAt: grant.revoked?.at ?? '',
});

/** The same grant, not a later grant of the role to the person. */
const sameGrant = (a: StoredGrant, b: StoredGrant): boolean => a.id === b.id && a.grantedAt === b.grantedAt;

/**
 * Roles in Table Storage, kept twice so both questions are one partition read:
 * `user_<id>` → the user's roles, `role_<role>` → its holders, each grant with its id, who made it
 * and, once revoked, who revoked it.
 *
 * @remarks P10: a grant's audit record is keyed by the grant's stored id, so a retried grant or
 * revoke must find the grant it made rather than write a new one. The `role_` row is the grant:
 * it is created once (or, after a revoke, replaced under its eTag), and a revoke marks it revoked
 * under its eTag instead of deleting it. The `user_` row only says the role counts: written after
 * the grant and deleted first on a revoke, so a half-done grant does not count yet and a half-done
 * revoke already has; the retry completes either.
 */
export class TableRoleRepository implements RoleRepository {
  constructor(private readonly table: TableClient) {}

  async rolesOf(userId: string): Promise<Set<Role>> {
    const found = new Set<Role>();
    try {
      const rows = this.table.listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${byUser(userId)}` },
      });
      for await (const row of rows) if (isRole(row.rowKey)) found.add(row.rowKey);
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
    return found;
  }

  async grant(
    userId: string,
    role: Role,
    grantedBy: string,
    name?: string,
    about: GrantContext = {},
  ): Promise<GrantOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const stored = await this.read(userId, role);
      if (stored && !stored.grant.revoked) {
        await this.countRole(stored.grant, false);
        return { grant: stored.grant, changed: false };
      }
      const grant: StoredGrant = {
        userId,
        role,
        name,
        grantedBy,
        grantedAt: new Date().toISOString(),
        id: randomUUID(),
        ...about,
      };
      if (!(await this.write(grant, stored?.etag))) continue;
      await this.countRole(grant, true);
      return { grant, changed: true };
    }
    throw new ConflictError('role grant');
  }

  async revoke(
    userId: string,
    role: Role,
    revokedBy: string,
    revokedByName?: string,
  ): Promise<GrantOutcome | undefined> {
    // The user's row first: once it is gone the role no longer counts, whatever happens next.
    await this.uncount(userId, role);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const stored = await this.read(userId, role);
      if (!stored) return undefined;
      if (stored.grant.revoked) return { grant: stored.grant, changed: false };
      const grant = {
        ...stored.grant,
        revoked: { by: revokedBy, byName: revokedByName, at: new Date().toISOString() },
      };
      if (await this.write(grant, stored.etag)) return { grant, changed: true };
    }
    throw new ConflictError('role revoke');
  }

  async reinstate(grant: StoredGrant): Promise<void> {
    const stored = await this.read(grant.userId, grant.role);
    if (!stored?.grant.revoked || !sameGrant(stored.grant, grant)) return;
    const { revoked: _revoked, ...held } = stored.grant;
    if (await this.write(held, stored.etag)) await this.countRole(held, true);
  }

  async grantOf(userId: string, role: Role): Promise<StoredGrant | undefined> {
    return (await this.read(userId, role))?.grant;
  }

  async list(): Promise<RoleGrant[]> {
    const grants: RoleGrant[] = [];
    try {
      const rows = this.table.listEntities<GrantRow>({
        // Every `role_<role>` partition: '`' is the character after '_'.
        queryOptions: { filter: "PartitionKey ge 'role_' and PartitionKey lt 'role`'" },
      });
      for await (const row of rows) {
        const role = (row.partitionKey as string).slice('role_'.length);
        if (!isRole(role) || row.revokedAt) continue;
        const { userId, name, email, grantedBy, grantedAt } = toGrant(role, row.rowKey as string, row);
        grants.push({ userId, role, name, email, grantedBy, grantedAt });
      }
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
    return grants;
  }

  async holders(role: Role): Promise<string[]> {
    const users: string[] = [];
    try {
      const rows = this.table.listEntities<GrantRow>({
        queryOptions: { filter: odata`PartitionKey eq ${byRole(role)}` },
      });
      for await (const row of rows) if (!row.revokedAt) users.push(row.rowKey as string);
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
    return users;
  }

  private async read(userId: string, role: Role): Promise<{ grant: StoredGrant; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<GrantRow>(byRole(role), userId);
      return { grant: toGrant(role, userId, row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'roles');
    }
  }

  /** Creates the grant's row, or replaces the row read at `etag`; false when another change came first. */
  private async write(grant: StoredGrant, etag: string | undefined): Promise<boolean> {
    try {
      if (etag) await this.table.updateEntity(toRow(grant), 'Replace', { etag });
      else await this.table.createEntity(toRow(grant));
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      rethrowStorageError(error, 'roles');
    }
  }

  /** Makes the role count for its holder; `replace` false leaves a row already there untouched. */
  private async countRole(grant: StoredGrant, replace: boolean): Promise<void> {
    const entity = {
      partitionKey: byUser(grant.userId),
      rowKey: grant.role,
      grantedBy: grant.grantedBy,
      grantedAt: grant.grantedAt,
    };
    try {
      if (replace) await this.table.upsertEntity(entity, 'Replace');
      else await this.table.createEntity(entity);
    } catch (error) {
      if (!replace && isConflict(error)) return;
      rethrowStorageError(error, 'roles');
    }
  }

  private async uncount(userId: string, role: Role): Promise<void> {
    try {
      await this.table.deleteEntity(byUser(userId), role);
    } catch (error) {
      if (!isNotFound(error)) rethrowStorageError(error, 'roles');
    }
  }
}
