import type { TableClient } from '@azure/data-tables';
import { isRole, type Role, type RoleGrant, type RoleRepository } from '../features/access/roles';
import { isNotFound, rethrowStorageError } from './errors';
import { odataString } from './keys';

const byUser = (userId: string): string => `user_${userId}`;
const byRole = (role: Role): string => `role_${role}`;

/**
 * Roles in Table Storage, kept twice so both questions are one partition read:
 * `user_<id>` → the user's roles, `role_<role>` → its holders. Both writes are idempotent upserts.
 */
export class TableRoleRepository implements RoleRepository {
  constructor(private readonly table: TableClient) {}

  async rolesOf(userId: string): Promise<Set<Role>> {
    const found = new Set<Role>();
    try {
      const rows = this.table.listEntities({
        queryOptions: { filter: `PartitionKey eq ${odataString(byUser(userId))}` },
      });
      for await (const row of rows) if (isRole(row.rowKey)) found.add(row.rowKey);
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
    return found;
  }

  async grant(userId: string, role: Role, grantedBy: string, name?: string): Promise<void> {
    const grantedAt = new Date().toISOString();
    try {
      await this.table.upsertEntity(
        { partitionKey: byRole(role), rowKey: userId, grantedBy, grantedAt, name: name ?? '' },
        'Replace',
      );
      await this.table.upsertEntity({ partitionKey: byUser(userId), rowKey: role, grantedBy, grantedAt }, 'Replace');
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
  }

  async revoke(userId: string, role: Role): Promise<void> {
    // The user's row first: once it is gone the role no longer counts, whatever happens next.
    for (const [partitionKey, rowKey] of [
      [byUser(userId), role],
      [byRole(role), userId],
    ]) {
      try {
        await this.table.deleteEntity(partitionKey, rowKey);
      } catch (error) {
        if (!isNotFound(error)) rethrowStorageError(error, 'roles');
      }
    }
  }

  async list(): Promise<RoleGrant[]> {
    const grants: RoleGrant[] = [];
    try {
      const rows = this.table.listEntities<{ grantedBy?: string; grantedAt?: string; name?: string }>({
        // Every `role_<role>` partition: '`' is the character after '_'.
        queryOptions: { filter: "PartitionKey ge 'role_' and PartitionKey lt 'role`'" },
      });
      for await (const row of rows) {
        const role = (row.partitionKey as string).slice('role_'.length);
        if (!isRole(role)) continue;
        grants.push({
          userId: row.rowKey as string,
          role,
          name: row.name || undefined,
          grantedBy: row.grantedBy ?? '',
          grantedAt: row.grantedAt ?? '',
        });
      }
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
    return grants;
  }

  async holders(role: Role): Promise<string[]> {
    const users: string[] = [];
    try {
      const rows = this.table.listEntities({
        queryOptions: { filter: `PartitionKey eq ${odataString(byRole(role))}` },
      });
      for await (const row of rows) users.push(row.rowKey as string);
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
    return users;
  }
}
