import type { TableClient } from '@azure/data-tables';
import { isRole, type Role, type RoleRepository } from '../features/access/roles';
import { rethrowStorageError } from './errors';
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

  async grant(userId: string, role: Role, grantedBy: string): Promise<void> {
    const grantedAt = new Date().toISOString();
    try {
      await this.table.upsertEntity({ partitionKey: byRole(role), rowKey: userId, grantedBy, grantedAt }, 'Replace');
      await this.table.upsertEntity({ partitionKey: byUser(userId), rowKey: role, grantedBy, grantedAt }, 'Replace');
    } catch (error) {
      rethrowStorageError(error, 'roles');
    }
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
