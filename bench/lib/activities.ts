import { randomUUID } from 'node:crypto';

/** The tenant the bench bot serves. */
export const TENANT = 'c0ffee00-0000-4000-8000-000000000001';

/** A user of the bench tenant. */
export interface BenchUser {
  id: string;
  name: string;
}

export const benchUser = (name: string): BenchUser => ({ id: randomUUID(), name });

/** An activity as Teams sends it: channel `msteams`, tenant, aadObjectId, locale, a unique id. */
export function activity(
  user: BenchUser,
  serviceUrl: string,
  conversation: { id: string; type: 'personal' | 'channel'; channelId?: string; teamId?: string },
) {
  return {
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id },
    recipient: { id: '28:sikkerhedsbot', name: 'Sikkerhed' },
    conversation: { id: conversation.id, conversationType: conversation.type, tenantId: TENANT },
    channelData: conversation.channelId
      ? { tenant: { id: TENANT }, channel: { id: conversation.channelId }, team: { id: conversation.teamId } }
      : { tenant: { id: TENANT } },
    locale: 'da-DK',
  };
}

/** A chat message in the user's personal chat. */
export const message = (user: BenchUser, serviceUrl: string, text: string) => ({
  ...activity(user, serviceUrl, { id: `a:personal-${user.id}`, type: 'personal' }),
  type: 'message',
  text,
});

/** An `Action.Execute` click (adaptiveCard/action invoke). */
export const cardAction = (
  user: BenchUser,
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  conversation: Parameters<typeof activity>[2] = { id: `a:personal-${user.id}`, type: 'personal' },
  trigger: 'manual' | 'automatic' = 'manual',
) => ({
  ...activity(user, serviceUrl, conversation),
  type: 'invoke',
  name: 'adaptiveCard/action',
  replyToId: `card-${randomUUID()}`,
  value: { action: { type: 'Action.Execute', verb, data }, trigger },
});

/** A complete, valid incident report as the report card submits it (a fresh draft id each time). */
export const reportData = (today: string): Record<string, unknown> => ({
  draftId: randomUUID(),
  title: 'Bærbar computer glemt i S-toget',
  description: 'Min arbejdscomputer blev glemt i S-toget mod Ballerup. Den er krypteret, men Outlook var åbent.',
  kind: 'personalData',
  systemName: '',
  discoveredDate: today,
  discoveredTime: '00:05',
  occurredDate: today,
  occurredTime: '00:01',
  personalData: 'yes',
  personalDataKinds: 'ordinary,cpr',
  affectedPeople: '40',
  affectedRecords: '',
  actionsTaken: 'Ringet til IT-support, der har spærret maskinen.',
  contact: '2233 4455',
});
