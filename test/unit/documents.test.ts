import { renderDocx } from '../../src/features/documents/docx';
import { documentText } from '../../src/features/documents/text';
import { docxParts, readDocx } from '../support/docx';

/**
 * The document module (`src/features/documents/`): generic blocks in, a Word file out, which Word
 * opens whatever text a record holds (P10: an auditor must be able to read the record).
 */
describe('documents: blocks to a Word file', () => {
  const hostile = 'Før <w:t>x</w:t> & "citat" ]]> \u0000\u0007\u001b\uFFFE\uD800 slut\r\nny linje';

  it('writes headings, paragraphs, facts, tables and lists that read back as given, in the document’s language', async () => {
    const bytes = await renderDocx({
      title: 'Samlet risikovurdering 2027',
      language: 'da-DK',
      creator: 'Sikkerhedsbot',
      footer: 'Side-fod',
      blocks: [
        { kind: 'heading', level: 1, text: 'Afsnit' },
        { kind: 'paragraph', text: 'Første linje\nAnden linje' },
        { kind: 'facts', rows: [{ label: 'Ejer', value: 'Peter Nørgaard' }] },
        { kind: 'table', header: ['Risiko', 'Niveau'], rows: [['Phishing', 'høj']] },
        { kind: 'list', items: ['punkt 1', 'punkt 2'] },
      ],
    });
    const doc = readDocx(bytes);
    expect(doc.title).toBe('Samlet risikovurdering 2027');
    expect(doc.language).toBe('da-DK');
    expect(doc.footer).toBe('Side-fod');
    expect(doc.paragraphs).toEqual([
      'Samlet risikovurdering 2027',
      'Afsnit',
      'Første linje\nAnden linje',
      'punkt 1',
      'punkt 2',
    ]);
    expect(doc.rows).toEqual([
      ['Ejer', 'Peter Nørgaard'],
      ['Risiko', 'Niveau'],
      ['Phishing', 'høj'],
    ]);
    // The table's header row repeats on every page.
    expect(docxParts(bytes).find((part) => part.name === 'word/document.xml')?.xml).toContain('<w:tblHeader/>');
  });

  it('keeps hostile text as text: markup escaped, characters XML forbids dropped, nothing else lost', async () => {
    const bytes = await renderDocx({
      title: hostile,
      language: 'en-GB',
      blocks: [
        { kind: 'paragraph', text: hostile },
        { kind: 'table', header: [hostile], rows: [[hostile]] },
      ],
    });
    // No character XML 1.0 forbids in any part (Word would refuse the whole file), markup only as text.
    const forbidden = (xml: string) =>
      [...xml].some((char) => {
        const code = char.charCodeAt(0);
        return (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) || code === 0xfffe || code === 0xffff;
      });
    for (const part of docxParts(bytes)) {
      expect({ part: part.name, forbidden: forbidden(part.xml) }).toEqual({ part: part.name, forbidden: false });
      expect(part.xml).not.toContain('<w:t>x</w:t> &');
    }
    const expected = 'Før <w:t>x</w:t> & "citat" ]]>  slut\nny linje';
    const doc = readDocx(bytes);
    expect(doc.title).toBe(expected);
    expect(doc.paragraphs).toContain(expected);
    expect(doc.rows).toEqual([[expected], [expected]]);
  });

  it('documentText drops exactly the characters XML forbids and makes every line break \\n', () => {
    expect(documentText('a\tb\r\nc\rd\u0001e\uFFFFf😀')).toBe('a\tb\nc\nde\uFFFFf😀'.replace('\uFFFF', ''));
  });
});
