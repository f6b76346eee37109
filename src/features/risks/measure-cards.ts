import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { localizeErrors } from '../incidents/card-parts';
import { MEASURES_FITS, measureInputIds, measureLines } from '../incidents/measure-cards';
import type { RiskRecord } from './model';

/**
 * The measures card of a risk (#19): its treatment's remedial measures with owner, due date and where
 * each stands with its owner, and — for whoever may change the risk — the form to add one with the
 * Teams people picker, as on an incident's measures card.
 */
export function riskMeasuresCard(
  locale: Locale,
  risk: RiskRecord,
  today: string,
  shown: {
    canAdd: boolean;
    banner?: { text: string; isError: boolean };
    errors?: Record<string, string>;
    entered?: Record<string, string>;
  },
): AdaptiveCard {
  const s = stringsFor(locale).measures;
  const entered = shown.entered ?? {};
  const measures = risk.measures ?? [];
  const open = measures.filter((measure) => !measure.done);
  // Within the card budget with 50 measures at their limits: shorter texts first, then the open ones only
  // (the done ones stay in the risk's history).
  const fits = [
    ...MEASURES_FITS.map((fit) => ({ ...fit, shown: measures })),
    { ...MEASURES_FITS.at(-1)!, shown: open },
  ];
  return fitCard(fits, (fit) =>
    expandCard('risks/measures', {
      s: s.card,
      heading: t(locale, 'measures.riskCard.heading', { title: shorten(risk.title, 120) }),
      intro: s.riskCard.intro,
      readOnly: shown.canAdd ? '' : s.riskCard.readOnly,
      back: s.riskCard.back,
      canAdd: shown.canAdd,
      banner: shown.banner?.text ?? '',
      bannerColor: shown.banner?.isError ? 'Attention' : 'Good',
      id: risk.id,
      version: risk.version,
      measures: measureLines(locale, fit.shown, today, fit),
      omitted:
        fit.shown.length < measures.length
          ? t(locale, 'incidents.triage.doneOmitted', { count: measures.length - fit.shown.length })
          : '',
      v: Object.fromEntries(measureInputIds.map((id) => [id, entered[id] ?? ''])),
      errors: localizeErrors(locale, ['measureText', 'measureOwner', 'measureDue'], shown.errors ?? {}),
    }),
  );
}
