import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import { stringsFor, type Locale } from '../../i18n';
import { csvCell } from '../incidents/csv';
import type { ReadRequest } from './model';

const stamp = (at: string | undefined): string =>
  at ? DateTime.fromISO(at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') : '';

/**
 * Who was asked to read a version and who confirmed "Læst og forstået" (P12), as CSV for auditors:
 * person (the name Teams gave when they were asked or confirmed; their user id only when Teams never
 * answered), group, asked, reminded and
 * confirmed in Danish time. UTF-8 with BOM, `;` and CRLF like the incident log, every cell
 * neutralised against formulas by the incident log's `csvCell` (P10).
 */
export function readConfirmationsCsv(requests: readonly ReadRequest[], locale: Locale): string {
  const s = stringsFor(locale).awareness.export;
  const header = [s.person, s.group, s.askedAt, s.remindedAt, s.confirmedAt].map(csvCell).join(';');
  const rows = [...requests]
    .sort((a, b) => a.askedAt.localeCompare(b.askedAt) || a.userId.localeCompare(b.userId))
    .map((request) =>
      [
        request.name ?? request.userId,
        s.groups[request.group],
        stamp(request.askedAt),
        stamp(request.remindedAt),
        stamp(request.confirmedAt),
      ]
        .map(csvCell)
        .join(';'),
    );
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}
