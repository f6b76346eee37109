/**
 * A document as plain blocks — headings, paragraphs, label/value facts, tables and lists — that a
 * renderer turns into a file (`docx.ts`). No feature's types: the breach record and the annual
 * overall risk assessment build the same blocks.
 */
export type DocumentBlock =
  | { kind: 'heading'; text: string; level: 1 | 2 | 3 }
  | { kind: 'paragraph'; text: string; style?: 'normal' | 'strong' | 'subtle' }
  /** Label and value pairs, shown as a two-column table (the label bold). */
  | { kind: 'facts'; rows: readonly DocumentFact[] }
  /**
   * A table with a header row repeated on every page; `fills` colours body cells (hex `RRGGBB` by row
   * and column, e.g. a heat map's levels — say the colours in words too, for those who cannot see them).
   */
  | {
      kind: 'table';
      header: readonly string[];
      rows: readonly (readonly string[])[];
      widths?: readonly number[];
      fills?: readonly (readonly (string | undefined)[])[];
    }
  | { kind: 'list'; items: readonly string[] };

/** One label/value pair of a `facts` block. */
export interface DocumentFact {
  label: string;
  value: string;
}

/** A whole document: its properties and its blocks in order. */
export interface DocumentSpec {
  /** The document's title (its first heading and the file's title property). */
  title: string;
  /** BCP 47 language of the text (`da-DK`, `en-GB`): spelling and hyphenation in Word, `lang` in HTML. */
  language: string;
  /** Who or what made it (the file's creator property). */
  creator?: string;
  /** A line in every page's footer (e.g. the record's number and when the document was made). */
  footer?: string;
  blocks: readonly DocumentBlock[];
}
