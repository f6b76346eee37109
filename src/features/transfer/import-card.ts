import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import type { ColumnMapping, ImportPlan, PlannedRowBase } from './plan';
import type { ImportKind } from './session';

/**
 * How a register's import speaks: its fields in the card's order, and where its words are — the
 * column labels, the row problems and notes (`<root>.columns`, `<root>.import.problems|notes`),
 * and the import card's strings, the systems import's (`registerTransfer.import`) overridden by
 * the register's own.
 */
export interface ImportView {
  kind: ImportKind;
  root: 'registerTransfer' | 'riskTransfer';
  fields: readonly string[];
}

/** The import card's strings for a register, in the reader's language. */
export function importStrings(locale: Locale, view: ImportView) {
  const strings = stringsFor(locale);
  const own: { title: string; prompt: string; nothingToDo: string; csv: Record<string, string> } =
    strings[view.root].import;
  return { notImported: '', ...strings.registerTransfer.import, ...own };
}

/** The register's column labels in the reader's language. */
export const columnLabels = (locale: Locale, view: ImportView): Record<string, string> =>
  stringsFor(locale)[view.root].columns as Record<string, string>;

/** A column as the card names it: its letter as a spreadsheet shows it, then its heading. */
export const columnLetter = (index: number): string =>
  index < 26
    ? String.fromCharCode(65 + index)
    : `${columnLetter(Math.floor(index / 26) - 1)}${columnLetter(index % 26)}`;

/** Why a row is refused, or what to note about it, in the reader's language. */
export function rowDetails(locale: Locale, row: PlannedRowBase, view: ImportView): string {
  const columns = columnLabels(locale, view);
  const problems = Object.entries(row.problems).map(([field, problem]) =>
    t(locale, `${view.root}.import.problems.${problem}`, {
      field: columns[field] ?? field,
      value: row.values?.[field] ?? '',
    }),
  );
  const notes = row.notes.map((note) => t(locale, `${view.root}.import.notes.${note}`));
  return [...problems, ...notes].join('; ');
}

/** What the import card shows: the prompt alone, or an upload's dry run (and its columns until applied). */
export interface ImportCardOptions {
  id?: string;
  header?: readonly string[];
  mapping?: ColumnMapping;
  plan?: ImportPlan;
  applied?: boolean;
  /** Begun and not finished (a fault interrupted it): "Importér" finishes it, even with nothing left to write. */
  unfinished?: boolean;
  message?: string;
  isError?: boolean;
  downloadUrl?: string;
}

/**
 * The import card (P4, #19): the dry run's counts, the refused rows and the notes with their line
 * numbers (as many as fit the card budget; the full dry run is the CSV behind `downloadUrl`), the
 * columns as guessed and changeable, and "Importér". It carries the upload's id, never its rows.
 */
export function transferImportCard(locale: Locale, view: ImportView, options: ImportCardOptions): AdaptiveCard {
  const s = importStrings(locale, view);
  const plan = options.plan;
  const line = (row: PlannedRowBase) => ({
    text: shorten(
      t(locale, 'registerTransfer.import.row', {
        line: row.line,
        name: row.name || '–',
        reasons: rowDetails(locale, row, view),
      }),
      240,
    ),
  });
  const refused = plan?.rows.filter((row) => row.outcome === 'refused') ?? [];
  const noted = plan?.rows.filter((row) => row.outcome !== 'refused' && row.notes.length > 0) ?? [];
  const labels = columnLabels(locale, view);
  const mapped = new Set(Object.values(options.mapping ?? {}));
  const render = ({ rows, heading, offered = 60 }: { rows: number; heading: number; offered?: number }) => {
    const shownRefused = refused.slice(0, rows);
    const shownNotes = noted.slice(0, Math.max(0, rows - shownRefused.length));
    const hidden = refused.length + noted.length - shownRefused.length - shownNotes.length;
    const canRemap = !!options.id && !options.applied;
    return expandCard('transfer/import', {
      s,
      kind: view.kind,
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
      canApply: canRemap && !!plan && (options.unfinished || plan.counts.create + plan.counts.change > 0),
      fields: view.fields.map((field) => ({
        id: `col_${field}`,
        label: labels[field],
        value: options.mapping?.[field] === undefined ? '' : String(options.mapping[field]),
      })),
      columns: [
        { title: s.noColumn, value: '' },
        ...(canRemap ? (options.header ?? []) : []).flatMap((name, index) =>
          // A wide file on a card of many fields: the first columns, and those chosen, are offered.
          index < offered || mapped.has(index)
            ? [{ title: shorten(`${columnLetter(index)}: ${name}`, heading), value: String(index) }]
            : [],
        ),
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
      { rows: 0, heading: 8, offered: 30 },
      { rows: 0, heading: 4, offered: 20 },
    ],
    render,
  );
}

/** The export card: the two one-time links (P4, #19). */
export function transferExportCard(
  locale: Locale,
  view: ImportView,
  count: number,
  csvUrl: string,
  xlsxUrl: string,
): AdaptiveCard {
  const s = stringsFor(locale)[view.root].export;
  return expandCard('transfer/export', {
    s,
    message: t(locale, `${view.root}.export.ready`, { count }),
    csvUrl,
    xlsxUrl,
  });
}
