import type { Actor, Routes, Turn } from '../../turn';
import { pseudonym } from '../../../platform/pseudonym';
import { ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { shorten } from '../../../text';
import { confirmationCard, reportCard, type ReportOptions } from '../cards';
import { toLocalInputs } from '../deadlines';
import { evidenceFromPayload, type MessageEvidence } from '../message-evidence';
import type { StoredConversation } from '../../access/conversations';
import type { Incident } from '../model';
import { limits } from '../report-form';
import { pastedText } from '../pasted-message';
import { systemNames, type IncidentDeps } from './context';
import type { ReportFlow } from './report-flow';

/** The message action's command id, as in the app manifest's `composeExtensions`. */
export const REPORT_MESSAGE_COMMAND = 'reportMessage';

/** The message the action was chosen on, as evidence; a call without one is refused in the dialog. */
function evidenceOf(turn: Turn): MessageEvidence {
  const evidence = evidenceFromPayload(turn.messagePayload);
  if (!evidence) throw new ValidationError({ form: 'incidents.fromMessage.noMessage' });
  return evidence;
}

/** The report card's first values for a message: a title naming its sender, its text, when it was sent. */
function prefill(actor: Actor, evidence: MessageEvidence): Record<string, string> {
  const title = evidence.senderName
    ? t(actor.locale, 'incidents.fromMessage.title', { sender: evidence.senderName })
    : t(actor.locale, 'incidents.fromMessage.titleNoSender');
  const sent = evidence.sentAt ? toLocalInputs(evidence.sentAt) : undefined;
  return {
    title: shorten(title, limits.title),
    description: shorten(evidence.text, limits.description),
    ...(sent ? { occurredDate: sent.date, occurredTime: sent.time } : {}),
  };
}

/**
 * "Meld som sikkerhedshændelse" on any message in a chat or channel (P1: reported "in chat or from a
 * message"): the report card in a dialog with the message as evidence, and its submit through the
 * same {@link ReportFlow} as the personal chat's card. The receipt goes to the reporter's personal
 * chat with the bot; the dialog closes with the incident's number.
 *
 * @remarks The message is read from what Teams sends with each invoke (`messagePayload`), never from
 * the dialog's data, so the evidence cannot be edited on its way back (P10).
 */
export function registerMessageReport(router: Routes, deps: IncidentDeps, flow: ReportFlow): void {
  const dialog = async ({ actor, dialog: show }: Turn, card: ReportOptions) =>
    show(t(actor.locale, 'incidents.fromMessage.dialogTitle'), reportCard(actor.locale, { ...card, dialog: true }));

  router.messageAction(REPORT_MESSAGE_COMMAND, {
    fetch: async (turn) => {
      const { actor } = turn;
      const evidence = evidenceOf(turn);
      await dialog(turn, {
        now: deps.clock.now(),
        values: prefill(actor, evidence),
        systemNames: await systemNames(deps),
        evidence,
      });
    },
    submit: async (turn) => {
      const { actor, data } = turn;
      const outcome = await flow.submit(actor, data, evidenceOf(turn));
      if (outcome.kind === 'again') return dialog(turn, outcome.card);
      const chat = await deps.conversations.personalChatOf(actor.userId);
      const key = chat && !chat.goneAt ? 'received' : 'receivedNoChat';
      await turn.dialogMessage(t(actor.locale, `incidents.fromMessage.${key}`, { number: outcome.incident.number }), {
        title: t(actor.locale, 'incidents.fromMessage.dialogTitle'),
      });
      // A repeat (a double click, Teams' retry) is answered again but posts no second receipt.
      if (!outcome.created) return;
      flow.announce(outcome.incident);
      if (chat && !chat.goneAt) void sendReceipt(deps, chat, actor, outcome.incident);
    },
  });
}

/**
 * A message the user forwards or pastes into the personal chat (see {@link pastedText}) is answered
 * with the report card, its text in the description, instead of the menu.
 */
export function registerPastedOffer(router: Routes, deps: IncidentDeps): void {
  router.otherwiseWhen(
    (message, kind) => kind === 'personal' && pastedText(message) !== undefined,
    async ({ actor, send, message }) =>
      send(
        reportCard(actor.locale, {
          now: deps.clock.now(),
          values: { description: shorten(pastedText(message) ?? '', limits.description) },
          banner: t(actor.locale, 'incidents.fromMessage.pasted'),
          systemNames: await systemNames(deps),
        }),
      ),
  );
}

/** Posts the receipt to the reporter's personal chat; a failure is logged (the incident is in "mine hændelser"). */
async function sendReceipt(
  deps: IncidentDeps,
  chat: StoredConversation,
  actor: Actor,
  incident: Incident,
): Promise<void> {
  try {
    const delivery = await deps.notifier.send(chat, confirmationCard(actor.locale, incident));
    if (delivery !== 'sent')
      deps.logger.warn({ incident: incident.number, delivery, user: pseudonym(actor.userId) }, 'receipt not delivered');
  } catch (error) {
    deps.logger.error({ incident: incident.number, err: error }, 'receipt could not be sent');
  }
}
