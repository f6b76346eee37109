import type { TurnContext } from 'botbuilder';

/**
 * The channel a channel activity belongs to, without the `;messageid=…` Teams adds for replies
 * in a thread; undefined outside channels.
 */
export function channelIdOf(context: TurnContext): string | undefined {
  const activity = context.activity;
  if (activity.conversation?.conversationType !== 'channel') return undefined;
  const fromChannelData = (activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation.id;
  return id?.split(';')[0] || undefined;
}
