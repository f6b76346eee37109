import type { AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import type { ChannelAssignment } from './conversations';

/**
 * Makes sure a channel assignment has its audit record: appended by the call that assigned it,
 * else completed if an earlier attempt could not append it.
 *
 * @remarks P10: the record is built from the stored assignment and keyed by its id, so however
 * often the coordinator presses the button, the chain holds one record per assignment. An
 * assignment stored before assignments had ids was recorded without a key and is left alone.
 */
export async function recordAssignment(
  audit: Pick<AuditLog, 'appendOnce' | 'ensure'>,
  { assignment, changed }: { assignment: ChannelAssignment; changed: boolean },
): Promise<void> {
  if (!assignment.id) return;
  const event: KeyedEvent = {
    actor: assignment.assignedBy,
    actorName: assignment.assignedByName,
    action: 'channel.assigned',
    subject: assignment.purpose,
    details: { conversationId: assignment.conversationId },
    key: `channel.assigned/${assignment.purpose}/${assignment.id}`,
  };
  if (changed) await audit.appendOnce('access', event);
  else await audit.ensure('access', event);
}
