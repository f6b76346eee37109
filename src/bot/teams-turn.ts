import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { IncomingMessage, Member, Members, Turn, TurnConversation } from '../platform/turn';
import { answerDialogMessage, answerWithDialog, isDialogInvoke, messagePayloadOf } from './dialogs';
import { conversationTypeOf, teamIdOf } from './actor';
import { channelIdOf } from './channel-id';
import { answerWithCard, cardAttachment, isCardAction, sendCard, showCard } from './respond';
import { downloadFile, filesOf } from './files';

/** The conversation of a Teams activity, as features see it. */
export function conversationOf(context: TurnContext): TurnConversation {
  const kind = conversationTypeOf(context);
  const replyToId = context.activity.replyToId;
  return {
    kind,
    channelId: channelIdOf(context),
    teamId: teamIdOf(context),
    actedOnMessageId: replyToId || undefined,
  };
}

/** Teams rosters through the Bot Connector (botbuilder's `TeamsInfo`). */
export function teamsMembers(context: TurnContext): Members {
  return {
    async inConversation(id: string) {
      try {
        return (await TeamsInfo.getMember(context, id)) as Member;
      } catch {
        return undefined; // Not in this conversation, or Teams did not answer.
      }
    },
    async ofTeam(teamId: string) {
      const members: Member[] = [];
      try {
        let token: string | undefined;
        for (let page = 0; page < 20; page++) {
          const result = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
          members.push(...(result.members as Member[]));
          token = result.continuationToken;
          if (!token) break;
        }
      } catch {
        // The team roster is not readable here.
      }
      return members;
    },
  };
}

/** Builds the Teams-neutral turn handlers get from botbuilder's turn context. */
export function teamsTurn<A>(context: TurnContext, actor: A, data: Record<string, unknown>): Turn<A> {
  const conversation = conversationOf(context);
  return {
    actor,
    data,
    conversation,
    isCardAction: isCardAction(context),
    show: (card) => showCard(context, card),
    reply: (card) => answerWithCard(context, card),
    send: (card) => sendCard(context, card),
    update: async (card) => {
      const id = conversation.actedOnMessageId;
      if (!id) return;
      await context.updateActivity({
        id,
        type: 'message',
        conversation: context.activity.conversation,
        attachments: [cardAttachment(card)],
      });
    },
    members: teamsMembers(context),
    message: messageOf(context),
    messagePayload: isDialogInvoke(context) ? messagePayloadOf(context) : undefined,
    dialog: (title, card) => answerWithDialog(context, title, card),
    dialogMessage: (text, options) => answerDialogMessage(context, text, options),
    download: (file, options) => downloadFile(context, file, options),
  };
}

/** The typed or pasted message of a message activity, with its files (empty text and no attachments otherwise). */
export function messageOf(context: TurnContext): IncomingMessage {
  const { type, text, attachments } = context.activity;
  if (type !== 'message') return { text: '', attachments: [], files: [] };
  const all: unknown[] = Array.isArray(attachments) ? attachments : [];
  return { text: typeof text === 'string' ? text : '', attachments: all, files: filesOf(all) };
}
