import {
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { DocumentBlock, DocumentSpec } from './model';
import { documentText } from './text';

/** The MIME type of a Word document (`.docx`, Office Open XML). */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const headingLevels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Runs of one text, a line break where the text has one (Word ignores `\n` inside a run). */
function runs(text: string, options: { bold?: boolean; italics?: boolean; color?: string } = {}): TextRun[] {
  return documentText(text)
    .split('\n')
    .map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined, ...options }));
}

const paragraph = (text: string, options: { bold?: boolean; italics?: boolean; color?: string } = {}) =>
  new Paragraph({ children: runs(text, options) });

const border = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(text: string, options: { header?: boolean; width?: number; fill?: string } = {}): TableCell {
  const fill = options.header ? 'E7E6E6' : options.fill && /^[0-9A-Fa-f]{6}$/.test(options.fill) ? options.fill : '';
  return new TableCell({
    children: [paragraph(text, { bold: options.header })],
    borders,
    width: options.width === undefined ? undefined : { size: options.width, type: WidthType.PERCENTAGE },
    shading: fill ? { type: ShadingType.CLEAR, color: 'auto', fill } : undefined,
  });
}

function table(
  header: readonly string[] | undefined,
  rows: readonly (readonly string[])[],
  widths?: readonly number[],
  fills?: readonly (readonly (string | undefined)[])[],
) {
  const head = header
    ? [
        new TableRow({
          tableHeader: true,
          children: header.map((text, i) => cell(text, { header: true, width: widths?.[i] })),
        }),
      ]
    : [];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      ...head,
      ...rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, i) => cell(text, { width: widths?.[i], fill: fills?.[r]?.[i] })),
          }),
      ),
    ],
  });
}

/** One block as Word elements; a table is followed by an empty paragraph so two tables never merge. */
function blockElements(block: DocumentBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: headingLevels[block.level], children: runs(block.text) })];
    case 'paragraph':
      return [
        paragraph(block.text, {
          bold: block.style === 'strong',
          italics: block.style === 'subtle',
          color: block.style === 'subtle' ? '595959' : undefined,
        }),
      ];
    case 'facts':
      return block.rows.length === 0
        ? []
        : [
            new Table({
              width: { size: 100, type: WidthType.PERCENTAGE },
              rows: block.rows.map(
                (row) =>
                  new TableRow({
                    cantSplit: true,
                    children: [cell(row.label, { header: true, width: 32 }), cell(row.value, { width: 68 })],
                  }),
              ),
            }),
            new Paragraph({}),
          ];
    case 'table':
      return [table(block.header, block.rows, block.widths, block.fills), new Paragraph({})];
    case 'list':
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
  }
}

/**
 * A document as a Word file (`.docx`), made with the `docx` package: the title as the first
 * heading and the file's title property, the text in the document's language, and a footer on
 * every page.
 *
 * @remarks Used for what an auditor opens (P3, P10): any text is written as text (the package
 * escapes XML), characters XML forbids are dropped ({@link documentText}), nothing is a field or a
 * macro.
 */
export async function renderDocx(spec: DocumentSpec): Promise<Buffer> {
  const document = new Document({
    title: documentText(spec.title),
    creator: spec.creator ? documentText(spec.creator) : undefined,
    styles: { default: { document: { run: { font: 'Calibri', size: 22, language: { value: spec.language } } } } },
    sections: [
      {
        footers: spec.footer
          ? { default: new Footer({ children: [paragraph(spec.footer, { color: '595959' })] }) }
          : undefined,
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: runs(spec.title) }),
          ...spec.blocks.flatMap(blockElements),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
