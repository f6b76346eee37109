/** The slice of adm-zip read here (the package ships no types). */
interface ZipReader {
  getEntries(): { entryName: string; getData(): Buffer }[];
  getEntry(name: string): { getData(): Buffer } | null;
}
const AdmZip = require('adm-zip') as new (bytes: Buffer) => ZipReader;

/** Every XML part of a Word file (a zip), relationship parts (`.rels`) included, by name, as text. */
export const docxParts = (bytes: Buffer): { name: string; xml: string }[] =>
  new AdmZip(bytes)
    .getEntries()
    .filter((entry) => /\.(xml|rels)$/.test(entry.entryName))
    .map((entry) => ({ name: entry.entryName, xml: entry.getData().toString('utf8') }));

/** What a Word document says, read back from its `word/document.xml` as a reader would see it. */
export interface DocxText {
  /** The title property (docProps/core.xml). */
  title: string;
  /** The document's language as the default run style gives it (word/styles.xml). */
  language: string | undefined;
  /** Every paragraph outside tables, in order (a line break as `\n`). */
  paragraphs: string[];
  /** Every table row, each cell's text (its paragraphs joined by `\n`). */
  rows: string[][];
  /** The page footer's text. */
  footer: string;
  /** Everything, in order, one paragraph a line. */
  all: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (xml: string) => xml.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name] ?? '');

/** A paragraph's text: its runs' `w:t` in order, `w:br` as a line break, `w:tab` as a tab. */
const paragraphText = (xml: string): string =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g)]
    .map((match) => (match[0] === '<w:br/>' ? '\n' : match[0] === '<w:tab/>' ? '\t' : decode(match[1] ?? '')))
    .join('');

const paragraphsOf = (xml: string): string[] =>
  [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>|<w:p\/>/g)].map((match) => paragraphText(match[1] ?? ''));

/** A table cell's text: its paragraphs, without the empty ones between (an empty cell stays empty). */
const cellText = (paragraphs: string[]): string => paragraphs.filter(Boolean).join('\n');

/** Reads a `.docx` (a zip of XML parts) the way the tests check it: text only, no layout. */
export function readDocx(bytes: Buffer): DocxText {
  const zip = new AdmZip(bytes);
  const part = (name: string) => zip.getEntry(name)?.getData().toString('utf8') ?? '';
  const body = part('word/document.xml');
  const rows = [...body.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => cellText(paragraphsOf(cell[1] ?? ''))),
  );
  const outside = body.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const footerName = zip.getEntries().find((entry) => /^word\/footer\d*\.xml$/.test(entry.entryName))?.entryName;
  return {
    title: decode(/<dc:title>([^<]*)<\/dc:title>/.exec(part('docProps/core.xml'))?.[1] ?? ''),
    language: /<w:docDefaults>[\s\S]*?<w:lang w:val="([^"]+)"/.exec(part('word/styles.xml'))?.[1],
    paragraphs: paragraphsOf(outside).filter(Boolean),
    rows,
    footer: footerName ? paragraphsOf(part(footerName)).join('\n') : '',
    all: paragraphsOf(body).filter(Boolean).join('\n'),
  };
}
