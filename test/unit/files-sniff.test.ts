import { Document, Packer, Paragraph } from 'docx';
import { sniffType } from '../../src/platform/files';

const bytes = (...values: number[]): Buffer => Buffer.from(values);

describe('what a file really is, from its bytes', () => {
  it.each([
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16)],
    ['gif', Buffer.from('GIF89a\x01\x00', 'latin1')],
    ['webp', Buffer.concat([Buffer.from('RIFF'), bytes(0, 0, 0, 0), Buffer.from('WEBPVP8 ')])],
    ['heic', Buffer.concat([bytes(0, 0, 0, 24), Buffer.from('ftypheic')])],
    ['pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1')],
    ['ole', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0)],
    ['text', Buffer.from('Navn;Kategori\r\nKMD Nexus;Liv og død\r\n', 'utf8')],
    ['text', Buffer.from('Navn;Kategori\r\nØkonomi;Vigtig\r\n', 'latin1')],
    ['unknown', bytes(0x00, 0x01, 0x02, 0x03)],
    ['unknown', Buffer.alloc(0)],
  ])('%s', (expected, content) => {
    expect(sniffType(content)).toBe(expected);
  });

  it('tells a Word document from a plain zip, and a renamed image from a PDF', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Phishing-mail')] }] }));
    expect(sniffType(docx)).toBe('docx');
    const zip = Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04), Buffer.from('....evil.exe....')]);
    expect(sniffType(zip)).toBe('zip');
    // A screenshot named "rapport.pdf" is still a PNG: the name and claimed type are never read.
    expect(sniffType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).not.toBe('pdf');
  });

  it('does not take binary data with a few control bytes for text', () => {
    expect(sniffType(Buffer.from('MZ\x90\x00\x03\x00', 'latin1'))).toBe('unknown');
  });
});
