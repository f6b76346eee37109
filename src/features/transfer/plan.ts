/** What an import does with one row of the file. */
export type RowOutcome = 'create' | 'change' | 'unchanged' | 'refused';

/** Which column (0-based) of the file fills which field; a field without a column keeps what the record has. */
export type ColumnMapping<Field extends string = string> = Partial<Record<Field, number>>;

/** What every dry run says of a row, whatever it imports (systems, risks). */
export interface PlannedRowBase {
  /** The row's line in the file, the header being line 1. */
  line: number;
  /** The row's stable key (docs/IMPORT.md). */
  key: string;
  /** What the row is called on the card: the system's name, the risk's title. */
  name: string;
  outcome: RowOutcome;
  /** Why it is refused, per field (locale keys under the kind's `problems`). */
  problems: Partial<Record<string, string>>;
  /** What a problem names besides the field (the value not found), per field. */
  values?: Partial<Record<string, string>>;
  /** What to note about a row imported all the same (locale keys under the kind's `notes`). */
  notes: string[];
}

/** The dry run: every row's outcome and the counts. */
export interface ImportPlan<Row extends PlannedRowBase = PlannedRowBase> {
  rows: Row[];
  counts: Record<RowOutcome, number>;
}

/** The counts of a dry run's outcomes (by row, or by line as the coordinator was shown them). */
export function countOutcomes(outcomes: Iterable<RowOutcome>): Record<RowOutcome, number> {
  const counts: Record<RowOutcome, number> = { create: 0, change: 0, unchanged: 0, refused: 0 };
  for (const outcome of outcomes) counts[outcome]++;
  return counts;
}
