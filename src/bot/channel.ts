import type { Activity } from 'botbuilder';

/** The only Bot Framework channel the bot serves. */
export const TEAMS_CHANNEL = 'msteams';

/**
 * The channel of an authenticated activity if it is not Teams (for the log, at most 32 characters),
 * else undefined.
 *
 * @remarks P10. The tenant and the user's identity are read from `channelData` and `from`, which
 * only Teams fills in itself; on Web Chat or Direct Line the client writes them, so an activity from
 * any other channel is refused (an invoke with 403), also with authentication off — the local
 * Agents Playground is started as `msteams` (`scripts/dev-stack.ts`).
 */
export function refusedChannel(activity: Pick<Activity, 'channelId'>): string | undefined {
  const channel = activity.channelId;
  if (channel === TEAMS_CHANNEL) return undefined;
  return typeof channel === 'string' ? channel.replace(/[^\w.-]/g, '?').slice(0, 32) : '(none)';
}
