import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { ConflictError, ForbiddenError, NotFoundError, StorageUnavailableError, ValidationError } from '../errors';
import { t, type Locale } from '../i18n';
import type { Logger } from '../logger';
import { expandCard } from './cards';
import { localeOf } from './actor';
import { answerWithMessage, isCardAction, sendCard } from './respond';
import { answerDialogMessage, isDialogInvoke } from './dialogs';

/** A short, stable pseudonym for a user id, so logs can correlate a user's turns without naming them. */
export const pseudonym = (userId: string | undefined): string | undefined =>
  userId ? createHash('sha256').update(userId).digest('hex').slice(0, 12) : undefined;

function messageKey(error: unknown): string {
  if (error instanceof StorageUnavailableError) return 'common.errorStorage';
  if (error instanceof ForbiddenError) return 'common.errorForbidden';
  if (error instanceof NotFoundError) return 'common.errorNotFound';
  if (error instanceof ConflictError) return 'common.errorConflict';
  return 'common.errorGeneric';
}

/** A card telling the user briefly what happened, in their language. */
export function messageCard(locale: Locale, text: string, isError = true) {
  return expandCard('common/message', {
    title: isError ? t(locale, 'common.errorTitle') : '',
    text,
    hint: '',
    isError,
    menuTitle: t(locale, 'common.backToMenu'),
  });
}

/**
 * A short refusal for a person without the role an action needs (P10): it says plainly that they
 * lack access — not "Det gik ikke", which reads as a crash — and whom to ask; no form is shown.
 */
export function forbiddenCard(locale: Locale) {
  return expandCard('common/message', {
    title: t(locale, 'common.forbiddenTitle'),
    text: t(locale, 'common.errorForbidden'),
    hint: t(locale, 'common.forbiddenHint'),
    isError: true,
    menuTitle: t(locale, 'common.backToMenu'),
  });
}

/**
 * The one place a failed turn is answered: the user gets a clear message in their language (for a
 * card action the card stays as it was, with what they typed), and the log gets the error without
 * personal data.
 */
export async function answerTurnError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const locale = localeOf(context);
  const expected =
    error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof ValidationError;
  const log = {
    err: error,
    stack: expected ? undefined : (error as Error)?.stack,
    activityType: context.activity.type,
    verb: (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb,
    user: pseudonym(context.activity.from?.aadObjectId),
  };
  if (expected) logger.warn(log, 'turn refused');
  else logger.error(log, 'turn failed');
  const formKey = error instanceof ValidationError ? error.fields.form : undefined;
  const text = t(locale, formKey ?? messageKey(error));
  try {
    if (isCardAction(context)) await answerWithMessage(context, text);
    else if (isDialogInvoke(context)) await answerDialogMessage(context, text, { isError: true });
    else if (error instanceof ForbiddenError) await sendCard(context, forbiddenCard(locale));
    else await sendCard(context, messageCard(locale, text));
  } catch (sendError) {
    logger.error({ err: sendError }, 'could not answer a failed turn');
  }
}
