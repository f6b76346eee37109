import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../../platform/cards';
import { stringsFor, t, type Locale } from '../../../i18n';
import { importFields, type ColumnMapping } from './columns';
import type { ImportPlan, PlannedRow } from './plan';

/** A column as the card names it: its letter as a spreadsheet shows it, then its heading. */
export const columnLetter = (index: number): string =>
  index < 26
    ? String.fromCharCode(65 + index)
    : `${columnLetter(Math.floor(index / 26) - 1)}${columnLetter(index % 26)}`;

/** Why a row is refused, or what to note about it, in the reader's language. */
export function rowDetails(locale: Locale, row: PlannedRow): string {
  const columns = stringsFor(locale).registerTransfer.columns as Record<string, string>;
  const problems = Object.entries(row.problems).map(([field, problem]) =>
    t(locale, `registerTransfer.import.problems.${problem}`, { field: columns[field] ?? field }),
  );
  const notes = row.notes.map((note) => t(locale, `registerTransfer.import.notes.${note}`));
  return [...problems, ...notes].join('; ');
}

/** What the import card shows: the prompt alone, or an upload's dry run (and its columns until applied). */
export interface ImportCardOptions {
  id?: string;
  header?: readonly string[];
  mapping?: ColumnMapping;
  plan?: ImportPlan;
  applied?: boolean;
  message?: string;
  isError?: boolean;
  downloadUrl?: string;
}

/**
 * The import card (P4): the dry run's counts, the refused rows and the notes with their line numbers
 * (as many as fit the card budget; the full dry run is the CSV behind `downloadUrl`), the columns
 * as guessed and changeable, and "Importér". It carries the upload's id, never its rows.
 */
export function importCard(locale: Locale, options: ImportCardOptions): AdaptiveCard {
  const s = stringsFor(locale).registerTransfer.import;
  const plan = options.plan;
  const line = (row: PlannedRow) => ({
    text: shorten(
      t(locale, 'registerTransfer.import.row', {
        line: row.line,
        name: row.name || '–',
        reasons: rowDetails(locale, row),
      }),
      240,
    ),
  });
  const refused = plan?.rows.filter((row) => row.outcome === 'refused') ?? [];
  const noted = plan?.rows.filter((row) => row.outcome !== 'refused' && row.notes.length > 0) ?? [];
  const labels = stringsFor(locale).registerTransfer.columns as Record<string, string>;
  const render = ({ rows, heading }: { rows: number; heading: number }) => {
    const shownRefused = refused.slice(0, rows);
    const shownNotes = noted.slice(0, Math.max(0, rows - shownRefused.length));
    const hidden = refused.length + noted.length - shownRefused.length - shownNotes.length;
    const canRemap = !!options.id && !options.applied;
    return expandCard('systems/import', {
      s,
      id: options.id ?? '',
      message: options.message ?? '',
      messageColor: options.isError ? 'Attention' : 'Good',
      dryRunTitle: plan ? t(locale, 'registerTransfer.import.dryRunTitle', { rows: plan.rows.length }) : '',
      counts: plan
        ? (['create', 'change', 'unchanged', 'refused'] as const).map((outcome) => ({
            title: s.counts[outcome],
            value: String(plan.counts[outcome]),
          }))
        : [],
      refused: shownRefused.map(line),
      notes: shownNotes.map(line),
      more: hidden > 0 ? t(locale, 'registerTransfer.import.more', { count: hidden }) : '',
      canRemap,
      canApply: canRemap && !!plan && plan.counts.create + plan.counts.change > 0,
      fields: importFields.map((field) => ({
        id: `col_${field}`,
        label: labels[field],
        value: options.mapping?.[field] === undefined ? '' : String(options.mapping[field]),
      })),
      columns: [
        { title: s.noColumn, value: '' },
        ...(canRemap ? (options.header ?? []) : []).map((name, index) => ({
          title: shorten(`${columnLetter(index)}: ${name}`, heading),
          value: String(index),
        })),
      ],
      downloadUrl: options.downloadUrl ?? '',
    });
  };
  return fitCard(
    [
      { rows: 25, heading: 40 },
      { rows: 12, heading: 24 },
      { rows: 5, heading: 14 },
      { rows: 0, heading: 8 },
    ],
    render,
  );
}

/** The export card: the two one-time links (P4). */
export const exportCard = (locale: Locale, count: number, csvUrl: string, xlsxUrl: string): AdaptiveCard =>
  expandCard('systems/export', {
    s: stringsFor(locale).registerTransfer.export,
    message: t(locale, 'registerTransfer.export.ready', { count }),
    csvUrl,
    xlsxUrl,
  });
