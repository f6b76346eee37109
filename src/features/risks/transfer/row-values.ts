import { cellValue, wordsFor } from '../../transfer/cells';
import { headerKey } from '../../transfer/columns';
import { riskAreas, treatments, type RiskArea, type Treatment } from '../model';
import type { RiskColumnMapping, RiskImportField } from './columns';

/** Why a row is refused, per field (the card and the dry-run CSV say it in the user's language). */
export type RiskRowProblem =
  | 'required'
  | 'tooLong'
  | 'riskId'
  | 'changedSince'
  | 'systemUnknown'
  | 'tooManySystems'
  | 'ownerNotFound'
  | 'ownerAmbiguous'
  | 'scale'
  | 'treatment'
  | 'date'
  | 'reviewRange'
  | 'residualAbove'
  | 'duplicateKey'
  | 'ambiguous';

/**
 * A Risiko-ID cell as the export writes it — the risk's id and the version exported, `a1b2c3d4e5f6 (v4)`
 * (text to a spreadsheet even when the id is all digits) — or the id alone; undefined for anything else.
 */
export function riskIdOf(text: string): { id: string; version?: number } | undefined {
  const match = /^([0-9a-f]{12})(?:\s*\(v(\d{1,9})\))?$/i.exec(text.trim());
  if (!match) return undefined;
  return { id: match[1]!.toLowerCase(), ...(match[2] ? { version: Number(match[2]) } : {}) };
}

/** The Risiko-ID cell of a risk as exported (see {@link riskIdOf}). */
export const riskIdText = (risk: { id: string; version: number }): string => `${risk.id} (v${risk.version})`;

/** The limits of the risk form (form.ts). */
const limits = { title: 200, scenario: 2000, owner: 200, concerns: 2000 } as const;

/** A row's cells by field: `undefined` where the field has no column (the register keeps what it has). */
export type RiskCells = Partial<Record<RiskImportField, string>>;

/** The row's cells as text (formula guard undone, never evaluated). */
export function cellsOf(cells: readonly string[], mapping: RiskColumnMapping): RiskCells {
  const values: RiskCells = {};
  for (const [field, column] of Object.entries(mapping) as [RiskImportField, number][])
    values[field] = cellValue(cells[column]);
  return values;
}

/** Whether the text fits the risk form's limit for the field. */
export const tooLong = (field: keyof typeof limits, text: string): boolean => text.length > limits[field];

const areaWords = (): Map<string, RiskArea> => {
  const known = wordsFor((s) => s.risks.areas, riskAreas);
  const extra: Record<string, RiskArea> = { netværk: 'network', leverandør: 'suppliers', lokaler: 'premises' };
  for (const [word, area] of Object.entries(extra)) known.set(headerKey(word), area);
  return known;
};

/** The area a cell names, in Danish or English, or undefined. */
export const areaOf = (text: string): RiskArea | undefined => areaWords().get(headerKey(text));

const treatmentWords = (): Map<string, Treatment> => {
  const known = wordsFor((s) => s.risks.treatments, treatments);
  const extra: Record<string, Treatment> = {
    reducér: 'reduce',
    reducere: 'reduce',
    acceptér: 'accept',
    acceptere: 'accept',
    undgå: 'avoid',
    overfør: 'transfer',
    overføre: 'transfer',
  };
  for (const [word, treatment] of Object.entries(extra)) known.set(headerKey(word), treatment);
  return known;
};

/** The treatment a cell names ("Reducér", "Reducér risikoen", "reduce" …), or undefined. */
export const treatmentOf = (text: string): Treatment | undefined => treatmentWords().get(headerKey(text));

/** A value of the 4-level scale: "3", or "3 – sandsynlig" (the number first). */
export const scaleText = (text: string): string | undefined => /^([1-4])(?![\d.,])/.exec(text)?.[1];

/** A date as dd.mm.yyyy (also with - or /, one-digit day and month) or yyyy-mm-dd, as yyyy-mm-dd; undefined if none. */
export function isoDate(text: string): string | undefined {
  const danish = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = danish
    ? [danish[3], danish[2], danish[1]]
    : iso
      ? [iso[1], iso[2], iso[3]]
      : [undefined, undefined, undefined];
  if (!year || !month || !day) return undefined;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : undefined;
}
