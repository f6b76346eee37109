import { t, type Locale } from '../i18n';
import { expandCard } from './cards';

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
