import { ActivityTypes, type TurnContext } from 'botbuilder';
import { t } from '../i18n';
import { localeOf } from './actor';
import { expandCard, type AdaptiveCard } from '../platform/cards';
import { cardAttachment } from './respond';

/** The invokes of a message action (a command in the manifest's `composeExtensions`). */
export const dialogInvokes = {
  fetch: 'composeExtension/fetchTask',
  submit: 'composeExtension/submitAction',
} as const;

/** True when the turn is a message action's invoke, answered with a dialog (task module) in the HTTP response. */
export const isDialogInvoke = (context: TurnContext): boolean =>
  context.activity.type === ActivityTypes.Invoke &&
  (context.activity.name === dialogInvokes.fetch || context.activity.name === dialogInvokes.submit);

/** The message action's command id, or undefined. */
export const commandIdOf = (context: TurnContext): string | undefined => {
  const id = (context.activity.value as { commandId?: unknown } | undefined)?.commandId;
  return typeof id === 'string' ? id : undefined;
};

/** What Teams sent about the message the action was chosen on (`value.messagePayload`), unread. */
export const messagePayloadOf = (context: TurnContext): unknown =>
  (context.activity.value as { messagePayload?: unknown } | undefined)?.messagePayload;

/** The dialog's inputs and `Action.Submit` data on a submit (`value.data`); untrusted. */
export const dialogDataOf = (context: TurnContext): Record<string, unknown> => {
  const data = (context.activity.value as { data?: unknown } | undefined)?.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
};

const answer = (context: TurnContext, task: object) =>
  context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task } } });

/** Opens (or, on a submit, keeps open with new content) a dialog showing `card`. */
export async function answerWithDialog(context: TurnContext, title: string, card: AdaptiveCard): Promise<void> {
  await answer(context, {
    type: 'continue',
    value: { title, height: 'large', width: 'large', card: cardAttachment(card) },
  });
}

/**
 * Answers with a short message in the dialog (an error, or the receipt after a submit): a small card
 * without buttons, which the user closes. Teams' own `message` answer is not used: the Agents
 * Playground shows it as an empty dialog.
 */
export async function answerDialogMessage(
  context: TurnContext,
  text: string,
  options: { title?: string; isError?: boolean } = {},
): Promise<void> {
  const locale = localeOf(context);
  const isError = options.isError ?? false;
  const card = expandCard('common/message', {
    title: isError ? t(locale, 'common.errorTitle') : '',
    text,
    hint: '',
    isError,
    menuTitle: '',
  });
  await answerWithDialog(context, options.title ?? '', card);
}
