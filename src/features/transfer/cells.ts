import { stringsFor } from '../../i18n';
import { cleanText } from '../../text';
import { unguardCsvText } from '../incidents/csv';
import { headerKey } from './columns';

/** A cell as stored text: printable, trimmed, the export's formula guard undone. Never evaluated. */
export const cellValue = (cell: string | undefined): string => unguardCsvText(cleanText(cell ?? ''));

/**
 * The words a cell may name a code by: the code itself and its label in Danish and English (`pick`:
 * where the labels are), compared as headings are (case, spaces and punctuation ignored).
 */
export function wordsFor<T>(
  pick: (strings: ReturnType<typeof stringsFor>) => Record<string, string>,
  codes: readonly T[],
): Map<string, T> {
  const known = new Map<string, T>();
  for (const code of codes) known.set(headerKey(String(code)), code);
  for (const locale of ['da', 'en'] as const) {
    const labels = pick(stringsFor(locale));
    for (const code of codes) if (labels[String(code)]) known.set(headerKey(labels[String(code)] as string), code);
  }
  return known;
}
