import { stringsFor, type Locale } from '../../../i18n';
import type { Table } from '../../transfer/limits';
import { consequenceOf, inherentLevel, residualLevel } from '../level';
import type { RiskRecord } from '../model';
import { riskImportFields } from './columns';
import { riskIdText } from './row-values';

/** A date as the import reads it back: dd.mm.yyyy in Danish, yyyy-mm-dd in English. */
const dateText = (iso: string, locale: Locale): string => (locale === 'da' ? iso.split('-').reverse().join('.') : iso);

/**
 * The risk register as a table whose headings and values the import reads back (#19): headings in
 * the reader's language, areas and treatments by their names, systems by their names in the register
 * now (`systemNames`, by id: a renamed system reads back), the owner by the name Teams gave, the
 * next review as dd.mm.yyyy; then the inherent and residual levels, for reading only (the import
 * works them out again). Measures, acceptances and linked incidents are not in it.
 */
export function riskTable(
  risks: readonly RiskRecord[],
  locale: Locale,
  systemNames: ReadonlyMap<string, string> = new Map(),
): Table {
  const s = stringsFor(locale);
  const columns = s.riskTransfer.columns as Record<string, string>;
  const header = [
    ...riskImportFields.map((field) => columns[field] ?? field),
    s.riskTransfer.export.level,
    s.riskTransfer.export.residualLevel,
  ];
  const rows = [...risks]
    .sort((a, b) => a.title.localeCompare(b.title, 'da') || (a.id < b.id ? -1 : 1))
    .map((risk) => {
      const a = risk.assessment;
      const text = (value: number | undefined) => (value === undefined ? '' : String(value));
      return [
        riskIdText(risk),
        risk.title,
        risk.scenario,
        risk.area
          ? s.risks.areas[risk.area]
          : risk.systemIds.map((id, i) => systemNames.get(id) ?? risk.systemNames[i] ?? '').join('; '),
        risk.ownerName,
        text(a?.likelihood),
        text(a?.consequence.confidentiality),
        text(a?.consequence.integrity),
        text(a?.consequence.availability),
        text(a?.consequence.dataSubjects),
        a ? s.risks.treatments[a.treatment] : '',
        text(a?.residualLikelihood),
        text(a?.residualConsequence),
        a ? dateText(a.nextReview, locale) : '',
        a ? `${s.risks.levels[inherentLevel(a)]} (${a.likelihood}×${consequenceOf(a.consequence)})` : '',
        a ? `${s.risks.levels[residualLevel(a)]} (${a.residualLikelihood}×${a.residualConsequence})` : '',
      ];
    });
  return { header, rows };
}
