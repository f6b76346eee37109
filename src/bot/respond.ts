import { ActivityTypes, CardFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../platform/cards';

/** Wraps a card as a message attachment. */
export const cardAttachment = (card: AdaptiveCard): Attachment => CardFactory.adaptiveCard(card);

const invokeResponse = (body: object) => ({ type: 'invokeResponse', value: { status: 200, body } });

/** True when the turn is an `Action.Execute` invoke that expects an answer in the HTTP response. */
export const isCardAction = (context: TurnContext): boolean =>
  context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action';

/** Sends a card as a new message in the conversation. */
export async function sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity({ attachments: [cardAttachment(card)] });
}

/** Answers a card action by replacing the card the user acted on (for this user). */
export async function answerWithCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity(
    invokeResponse({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card }),
  );
}

/** Answers a card action with a short message, leaving the card (and what was typed in it) as it is. */
export async function answerWithMessage(context: TurnContext, text: string): Promise<void> {
  await context.sendActivity(
    invokeResponse({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text }),
  );
}

/** Shows a card: replaces the acted-on card for a card action, or posts a new message otherwise. */
export async function showCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  if (isCardAction(context)) await answerWithCard(context, card);
  else await sendCard(context, card);
}
