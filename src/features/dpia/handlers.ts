import { verbs } from '../verbs';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import { messageCard } from '../../platform/message-cards';
import { formatDate } from '../incidents/deadlines';
import { pickInputs } from '../systems/form';
import { asSystemActor, type SystemDeps } from '../systems/handlers/context';
import { renderSystemCard } from '../systems/handlers/render';
import { outcomeCard, screeningCard } from './cards';
import { notifyCoordinator, sendToOwner } from './notifications';
import { notifyDpoOfScreening } from './dpo-notice';
import { cardText } from '../../text';
import { randomUUID } from 'node:crypto';
import { parseScreening, pickScreeningInputs } from './form';
import { screeningTriggers, type Screening } from './model';
import type { Routes, Turn } from '../turn';

const isoDate = (value: string | undefined): value is string =>
  // A real calendar date: `2026-02-31` would otherwise roll over to 3 March and be stored as typed.
  !!value &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The card for a screening as the viewer may see it: the questions while unanswered (owner), else the outcome. */
function screeningView(
  turn: Turn,
  found: { screening: Screening; isLatest: boolean },
  deps: SystemDeps,
  banner?: { text: string; isError: boolean },
  advice: { adviceValue?: string; adviceError?: string } = {},
) {
  const { screening, isLatest } = found;
  const locale = turn.actor.locale;
  const isDpo = turn.actor.roles.has('dpo');
  if (screening.answer) {
    return outcomeCard(locale, {
      screening,
      answers: screening.answer.answers,
      notes: screening.answer.notes,
      result: screening.answer.result,
      preview: false,
      isLatest,
      isCoordinator: turn.actor.roles.has('coordinator'),
      // The DPO reads screenings, not the register's system cards (unless coordinator or owner too).
      canOpenSystem: !isDpo || turn.actor.roles.has('coordinator') || screening.ownerId === turn.actor.userId,
      now: deps.clock.now(),
      banner,
      typed: banner?.isError ? pickInputs(turn.data, ['doneDate', 'doneLink']) : undefined,
      canAdvise: isDpo,
      ...advice,
    });
  }
  if (screening.ownerId === turn.actor.userId && isLatest) {
    return screeningCard(locale, { screening, values: pickScreeningInputs(turn.data), banner: banner?.text });
  }
  return undefined;
}

/**
 * DPIA screening (P5): the coordinator starts it from the system card, the owner gets the card in
 * their personal chat, answers, sees the outcome and confirms; the coordinator channel is told; a
 * required DPIA is tracked until the coordinator records it done.
 */
export function registerDpia(router: Routes, deps: SystemDeps): void {
  const { dpia, systems, clock, logger } = deps;

  router.action(verbs.dpiaStart, async (turn) => {
    const { actor, data, show } = turn;
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('start screening');
    const sa = asSystemActor(actor);
    const trigger = screeningTriggers.find((value) => value === data.trigger) ?? 'new';
    const screening = await dpia.start(sa, data.id, trigger);
    const { system } = await systems.get(sa, screening.systemId);
    const ownerLabel = system.ownerName || system.ownerId;
    const chat = await deps.conversations.personalChatOf(system.ownerId);
    let text: string;
    if (!chat || chat.goneAt) {
      text = t(actor.locale, 'dpia.notify.noPersonalChat', { owner: ownerLabel });
      logger.warn({ screening: screening.id }, 'system owner has no personal chat; screening not delivered');
    } else {
      text = t(actor.locale, 'dpia.notify.sentToOwner', { owner: ownerLabel });
      void sendToOwner(deps, screening, chat);
    }
    await show(await renderSystemCard(deps, turn, system, { text, isError: !chat || chat.goneAt !== undefined }));
  });

  router.action(verbs.dpiaView, async (turn) => {
    const found = await dpia.get(asSystemActor(turn.actor), turn.data.id);
    const card = screeningView(turn, found, deps);
    if (!card) {
      // Coordinator looking at an unanswered screening, or a superseded one.
      const text =
        !found.isLatest && !found.screening.answer
          ? t(turn.actor.locale, 'dpia.errors.superseded')
          : t(turn.actor.locale, 'systems.detail.screeningPending', {
              date: formatDate(found.screening.requestedAt, turn.actor.locale),
            });
      // The coordinator sees the system card with the screening's state; an owner of a superseded one the message.
      if (turn.actor.roles.has('coordinator')) {
        const { system } = await systems.get(asSystemActor(turn.actor), found.screening.systemId);
        return turn.show(await renderSystemCard(deps, turn, system, { text, isError: false }));
      }
      return turn.show(messageCard(turn.actor.locale, text, false));
    }
    await turn.show(card);
  });

  router.action(verbs.dpiaAnswer, async (turn) => {
    const { actor, data, reply } = turn;
    const sa = asSystemActor(actor);
    const inputs = pickScreeningInputs(data);
    const found = await dpia.get(sa, data.id);
    try {
      const { answers, notes } = parseScreening(inputs);
      const result = await dpia.preview(sa, data.id, answers);
      await reply(
        outcomeCard(actor.locale, {
          screening: found.screening,
          answers,
          notes,
          result,
          preview: true,
          isLatest: true,
          isCoordinator: false,
          canOpenSystem: false,
          now: clock.now(),
        }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (error.fields.form) throw error;
      await reply(
        screeningCard(actor.locale, {
          screening: found.screening,
          values: inputs,
          errors: error.fields,
          banner: t(actor.locale, 'dpia.screening.fixErrors'),
        }),
      );
    }
  });

  router.action(verbs.dpiaConfirm, async (turn) => {
    const { actor, data, reply } = turn;
    const sa = asSystemActor(actor);
    const { answers, notes } = parseScreening(pickScreeningInputs(data));
    let stored: Screening;
    try {
      stored = await dpia.answer(sa, data.id, answers, notes);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Answered already (a double click, or another device): show the stored outcome.
      const found = await dpia.get(sa, data.id);
      const card = screeningView(turn, found, deps, { text: t(actor.locale, 'common.errorConflict'), isError: true });
      if (card) return reply(card);
      throw error;
    }
    await reply(
      screeningView(turn, { screening: stored, isLatest: true }, deps, {
        text: t(actor.locale, 'dpia.outcome.stored'),
        isError: false,
      }) ?? screeningCard(actor.locale, { screening: stored }),
    );
    logger.info({ screening: stored.id, outcome: stored.answer?.result.outcome }, 'DPIA screening answered');
    void notifyCoordinator(deps, stored);
    void notifyDpoOfScreening(deps, stored);
  });

  router.action(verbs.dpiaAdvice, async (turn) => {
    const { actor, data, show } = turn;
    const sa = asSystemActor(actor);
    const text = cardText(data, 'advice', 2001);
    const draftId =
      typeof data.draftId === 'string' && /^[0-9a-f-]{36}$/.test(data.draftId) ? data.draftId : randomUUID();
    try {
      if (text.length > 2000) throw new ValidationError({ advice: 'incidents.errors.tooLong' });
      const saved = await dpia.addAdvice(sa, data.id, text, draftId);
      const found = await dpia.get(sa, saved.id);
      const card = screeningView(turn, found, deps, {
        text: t(actor.locale, 'dpo.screening.adviceSaved'),
        isError: false,
      });
      return show(card ?? messageCard(actor.locale, t(actor.locale, 'dpo.screening.adviceSaved'), false));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Shown again with the advice as typed; nothing is stored.
      const found = await dpia.get(sa, data.id);
      const card = screeningView(turn, found, deps, undefined, {
        adviceValue: text,
        adviceError: Object.values(error.fields)[0],
      });
      if (card) return show(card);
      throw error;
    }
  });

  router.action(verbs.dpiaDone, async (turn) => {
    const { actor, data, reply } = turn;
    const sa = asSystemActor(actor);
    const inputs = pickInputs(data, ['doneDate', 'doneLink']);
    const link = inputs.doneLink ?? '';
    try {
      if (!isoDate(inputs.doneDate)) throw new ValidationError({ form: 'dpia.errors.invalidDate' });
      if (!/^https:\/\/\S+$/i.test(link) || link.length > 500) throw new ValidationError({ form: 'dpia.errors.url' });
      const saved = await dpia.recordDpiaDone(sa, data.id, inputs.doneDate, link);
      await reply(
        screeningView(turn, { screening: saved, isLatest: true }, deps, {
          text: t(actor.locale, 'systems.detail.saved'),
          isError: false,
        }) ?? screeningCard(actor.locale, { screening: saved }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
      const found = await dpia.get(sa, data.id);
      const text = t(
        actor.locale,
        // The card shows one message: a date in the future is reported on the date, not on the form.
        error instanceof ConflictError
          ? 'common.errorConflict'
          : (error.fields.form ?? error.fields.doneDate ?? 'dpia.errors.required'),
      );
      const card = screeningView(turn, found, deps, { text, isError: true });
      if (card) return reply(card);
      throw error;
    }
  });
}
