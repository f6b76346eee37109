import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ConversationRepository } from './conversations';
import { channelPurposes } from './conversations';
import { grantRole, type GrantAudit } from './grants';
import { roles, type RoleRepository } from './roles';

const rosterSchema = z.object({
  tenantId: z.string().min(1),
  users: z.array(
    z.object({
      alias: z.string(),
      aadObjectId: z.string().uuid(),
      name: z.string().optional(),
      email: z.string().optional(),
      roles: z.array(z.enum(roles)),
    }),
  ),
  team: z
    .object({ channels: z.array(z.object({ id: z.string(), purpose: z.enum(channelPurposes).optional() })) })
    .optional(),
});

/** The demo municipality's roster (see `demo/roster.json`). */
export type DemoRoster = z.infer<typeof rosterSchema>;

/** Reads and validates a demo roster file. */
export const readDemoRoster = (file: string): DemoRoster => rosterSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

/**
 * Grants the coordinator role to the ids named in configuration (the first coordinators, P10),
 * each grant recorded once in the audit log.
 *
 * @remarks Runs at every start: a coordinator who holds the role keeps the grant they have. When a
 * start failed after granting but before the record was appended, the next attempt (or the next
 * start) finds the stored grant and appends its record; one whose record landed gets none again.
 */
export async function grantConfiguredCoordinators(
  repo: RoleRepository,
  userIds: readonly string[],
  audit: GrantAudit,
): Promise<void> {
  for (const id of userIds) {
    await grantRole(repo, audit, { userId: id.toLowerCase(), role: 'coordinator', grantedBy: 'configuration' });
  }
}

/** Who the demo roster's grants and channel assignments are recorded as made by. */
export const DEMO_ROSTER = 'demo roster';

/**
 * Grants the demo roster's roles and channel purposes. Local development only: the caller
 * never runs this in production (config refuses `DEMO_ROSTER_FILE` there).
 *
 * @remarks A purpose a coordinator has assigned (with the channel's set-up card) is kept at every
 * later start; only the roster's own assignments follow the roster.
 */
export async function grantDemoRoster(
  roster: DemoRoster,
  roleRepo: RoleRepository,
  conversations: ConversationRepository,
): Promise<void> {
  for (const user of roster.users) {
    const about = user.email ? { email: user.email } : {};
    for (const role of user.roles)
      await roleRepo.grant(user.aadObjectId.toLowerCase(), role, DEMO_ROSTER, user.name, about);
  }
  for (const channel of roster.team?.channels ?? []) {
    if (!channel.purpose) continue;
    const current = await conversations.assignment(channel.purpose);
    if (!current || current.assignedBy === DEMO_ROSTER)
      await conversations.assignPurpose(channel.purpose, channel.id, roster.tenantId, DEMO_ROSTER);
  }
}
