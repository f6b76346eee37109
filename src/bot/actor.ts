import type { TurnContext } from 'botbuilder';
import { pickLocale, type Locale } from '../i18n';
import type { Role } from '../features/access/roles';

/** Who is acting in this turn, taken from the authenticated activity only — never from card data. */
export interface Actor {
  /** Entra object id of the user (`from.aadObjectId`). */
  userId: string;
  /** Display name from Teams, for the log's "who" (never used for identity). */
  name: string;
  tenantId: string;
  locale: Locale;
  conversationType: 'personal' | 'channel' | 'groupChat';
  roles: ReadonlySet<Role>;
}

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
export function conversationTypeOf(context: TurnContext): Actor['conversationType'] {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}
