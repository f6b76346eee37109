import { randomUUID } from 'node:crypto';
import type { InvokeAnswer, TeamsChannel, TeamsClient, TestUser } from './harness';

/** Teams' `messagePayload` for a message, shaped as Teams sends it with a message action. */
export const messagePayload = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '1764225600000',
  replyToId: null,
  createdDateTime: '2026-11-27T06:40:00.000Z',
  lastModifiedDateTime: null,
  deleted: false,
  subject: null,
  summary: null,
  importance: 'normal',
  locale: 'da-dk',
  linkToMessage:
    'https://teams.microsoft.com/l/message/19:general-abc@thread.tacv2/1764225600000?groupId=0c6f&tenantId=c0ffee00',
  from: {
    user: { id: 'f1e2d3c4-0000-4000-8000-00000000abcd', displayName: 'Ukendt Afsender', userIdentityType: 'aadUser' },
    application: null,
    device: null,
  },
  body: {
    contentType: 'html',
    content:
      '<p>Din adgangskode udløber i dag.&nbsp;Klik <a href="http://login-egedal.example/reset">her</a> for at beholde den.</p><p>Mvh. IT&amp;Digitalisering</p>',
  },
  attachments: [],
  mentions: [],
  reactions: [],
  ...overrides,
});

export interface MessageActionOptions {
  /** The conversation the message is in (a chat between two people by default). */
  conversationId?: string;
  conversationType?: string;
  channel?: TeamsChannel;
  tenantId?: string;
  commandId?: string;
  /** `undefined` leaves `messagePayload` out, as a compose-box call would. */
  payload?: Record<string, unknown> | null | undefined;
  extra?: Record<string, unknown>;
}

async function invoke(
  teams: TeamsClient,
  user: TestUser,
  name: string,
  value: Record<string, unknown>,
  options: MessageActionOptions,
): Promise<InvokeAnswer> {
  const conversationId = options.conversationId ?? `19:chat-${randomUUID()}@unq.gbl.spaces`;
  const base = teams.base(
    user,
    conversationId,
    options.conversationType ?? 'personal',
    options.tenantId,
    options.channel,
  );
  const response = await teams.post({
    ...base,
    type: 'invoke',
    name,
    value: {
      commandId: options.commandId ?? 'reportMessage',
      commandContext: 'message',
      context: { theme: 'default' },
      ...('payload' in options
        ? options.payload === undefined
          ? {}
          : { messagePayload: options.payload }
        : { messagePayload: messagePayload() }),
      ...value,
    },
    channelData: { ...base.channelData, source: { name: 'message' } },
    ...options.extra,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** "Meld som sikkerhedshændelse" chosen on a message: `composeExtension/fetchTask`. */
export const fetchTask = (teams: TeamsClient, user: TestUser, options: MessageActionOptions = {}) =>
  invoke(teams, user, 'composeExtension/fetchTask', {}, options);

/** The dialog submitted: `composeExtension/submitAction` with the card's inputs and `Action.Submit` data. */
export const submitAction = (
  teams: TeamsClient,
  user: TestUser,
  data: Record<string, unknown>,
  options: MessageActionOptions = {},
) => invoke(teams, user, 'composeExtension/submitAction', { data }, options);

/** The card a dialog answer shows, or undefined. */
export const dialogCard = (answer: InvokeAnswer): Record<string, any> | undefined =>
  (answer.body as any)?.task?.type === 'continue' ? (answer.body as any).task.value.card?.content : undefined;

/** The text of a dialog's short message (the message card's text, below its title), or undefined for another card. */
export const dialogMessage = (answer: InvokeAnswer): string | undefined => {
  const body = dialogCard(answer)?.body as { id?: string; text?: string }[] | undefined;
  return body && body.length <= 3 && !body.some((element) => element.id) ? body[1]?.text : undefined;
};
