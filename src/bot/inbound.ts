import type { Activity } from 'botbuilder';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const MAX_NAME = 256;
const stringOrUndefined = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Puts the envelope fields the bot and its libraries read into the shapes they expect, in place.
 *
 * @remarks P10 availability. botbuilder and teams-ai trust the activity's shape: an `entities`
 * that is not a list of typed objects, or a `text` that is not a string, throws inside the
 * framework before any handler runs, and the user gets no answer. Teams never sends such
 * activities, but a bot must not depend on that. Card data (`value`) is left alone: handlers read
 * it as untrusted input already.
 */
export function normalizeInbound(activity: Partial<Activity>): void {
  const fields = activity as Record<string, unknown>;
  for (const key of ['text', 'textFormat', 'locale', 'replyToId', 'name', 'id'] as const) {
    if (fields[key] !== undefined && typeof fields[key] !== 'string') fields[key] = undefined;
  }
  // Replies carry these back to Teams: one longer than any Teams sends would make every answer
  // bigger than Teams accepts (413), so the user would get none.
  for (const [key, max] of [
    ['locale', 35],
    ['textFormat', 20],
    ['replyToId', 256],
    ['id', 256],
  ] as const) {
    if (typeof fields[key] === 'string' && (fields[key] as string).length > max) fields[key] = undefined;
  }
  fields.entities = Array.isArray(fields.entities)
    ? fields.entities.filter((entity) => isObject(entity) && typeof entity.type === 'string')
    : undefined;
  if (fields.attachments !== undefined && !Array.isArray(fields.attachments)) fields.attachments = undefined;
  if (Array.isArray(fields.attachments)) fields.attachments = fields.attachments.filter(isObject);
  // A display name is at most 256 characters in Entra ID; a longer one is cut (it also reaches cards).
  for (const key of ['from', 'recipient'] as const) {
    const account = fields[key];
    if (isObject(account) && account.name !== undefined)
      account.name = stringOrUndefined(account.name)?.slice(0, MAX_NAME);
  }
}
