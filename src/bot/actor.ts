import type { TurnContext } from 'botbuilder';
import { pickLocale, type Locale } from '../i18n';
import type { ConversationKind, Identity } from '../platform/turn';

/** The tenant id Teams puts on every activity, or undefined when missing. */
export function tenantOf(context: TurnContext): string | undefined {
  const activity = context.activity;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation?.tenantId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** The user's language for this turn (Danish unless the Teams locale is English). */
export const localeOf = (context: TurnContext): Locale => pickLocale(context.activity.locale);

/** The Entra object id of the sender, or undefined (e.g. a system event). */
export function userIdOf(context: TurnContext): string | undefined {
  const id = context.activity.from?.aadObjectId;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : undefined;
}

/** The kind of conversation the activity came from. */
export function conversationTypeOf(context: TurnContext): ConversationKind {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** The team of a team conversation (from Teams' channel data), or undefined. */
export function teamIdOf(context: TurnContext): string | undefined {
  const id = (context.activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * Who acts, from the authenticated activity only — never from card data; undefined when the
 * activity names no Entra user or tenant.
 */
export function identityOf(context: TurnContext): Identity | undefined {
  const userId = userIdOf(context);
  const tenantId = tenantOf(context);
  if (!userId || !tenantId) return undefined;
  return {
    userId,
    name: String(context.activity.from?.name ?? '').slice(0, 120) || userId,
    tenantId,
    locale: localeOf(context),
    conversationType: conversationTypeOf(context),
  };
}
