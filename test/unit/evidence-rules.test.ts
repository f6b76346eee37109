import { sniffType } from '../../src/platform/files';
import { cleanFileName } from '../../src/features/evidence/file-name';
import { evidenceTypeNames } from '../../src/features/evidence/model';
import { checkFile } from '../../src/features/evidence/rules';
import { zipSummary } from '../../src/features/evidence/zip-check';
import { docx, docxBomb, pdf, png, zip, zipOf } from '../support/evidence-files';

const policy = { maxBytes: 1024 * 1024, allowed: evidenceTypeNames };
const check = (name: string, declaredType: string, bytes: Buffer, allowed = policy.allowed) =>
  checkFile({ name, declaredType, bytes }, sniffType(bytes), { ...policy, allowed });
const reason = (result: ReturnType<typeof check>) => (result.ok ? 'kept' : result.reason);

describe('evidence: what is kept and what is refused (#20)', () => {
  it('keeps a screenshot, a PDF, a Word document and a mail as text, by what their bytes are', () => {
    expect(check('skærmbillede.png', 'png', png())).toMatchObject({
      ok: true,
      file: { type: 'png', name: 'skærmbillede.png' },
    });
    expect(check('billede.png', 'image/png', png())).toMatchObject({ ok: true });
    expect(check('rapport.pdf', 'pdf', pdf())).toMatchObject({ ok: true, file: { type: 'pdf' } });
    expect(check('notat.docx', 'docx', docx())).toMatchObject({ ok: true, file: { type: 'docx' } });
    // A phishing mail's HTML source saved as .txt is evidence: kept as text (served as text/plain, never rendered).
    expect(
      check('mail.txt', 'txt', Buffer.from('<html><a href="https://evil.example">Log ind</a></html>')),
    ).toMatchObject({
      ok: true,
      file: { type: 'text' },
    });
    const mail = Buffer.from('From: svindel@example.com\r\nSubject: Din postkasse er fuld\r\n\r\nKlik her');
    expect(check('mailen.eml', 'eml', mail)).toMatchObject({ ok: true, file: { type: 'text' } });
  });

  it('records the SHA-256 of the bytes and their size', () => {
    const result = check('a.png', '', png());
    expect(result).toMatchObject({
      ok: true,
      file: { size: png().length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it.each([
    ['a file over the limit', 'stor.png', 'png', Buffer.concat([png(), Buffer.alloc(1024 * 1024)]), 'tooLarge'],
    ['an empty file', 'tom.txt', 'txt', Buffer.alloc(0), 'empty'],
    ['a PNG renamed .pdf', 'faktura.pdf', 'pdf', png(), 'mismatch'],
    ['a PDF sent with a lying content type image/png', 'billede', 'image/png', pdf(), 'mismatch'],
    ['a PDF named .png', 'billede.png', 'png', pdf(), 'mismatch'],
    ['a plain zip named .docx', 'kontrakt.docx', 'docx', zip(), 'refusedType'],
    ['a zip bomb claimed as docx', 'kontrakt.docx', 'docx', docxBomb(), 'packed'],
    [
      'an HTML page named .html',
      'side.html',
      'html',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'mismatch',
    ],
    ['a Windows program', 'faktura.pdf.exe', 'exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'refusedType'],
    [
      'an Outlook .msg (OLE)',
      'mail.msg',
      'msg',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
      'refusedType',
    ],
    ['a right-to-left trick: fdp.exe shown as exe.pdf', 'faktura\u202Efdp.exe', 'pdf', pdf(), 'mismatch'],
    ['a Word document whose directory is cut off', 'notat.docx', 'docx', docx().subarray(0, 120), 'packed'],
  ])('refuses %s', (_what, name, declared, bytes, expected) => {
    expect(reason(check(name, declared, bytes))).toBe(expected);
  });

  it('refuses a type the municipality took off the list, even when it is what it claims', () => {
    expect(reason(check('foto.png', 'png', png(), ['pdf']))).toBe('refusedType');
  });

  it('gives a file without an extension the one its bytes say', () => {
    expect(check('image', 'image/*', png())).toMatchObject({ ok: true, file: { name: 'image.png' } });
    expect(check('', '', pdf())).toMatchObject({ ok: true, file: { name: 'bevis.pdf' } });
  });
});

describe("evidence: file names are the sender's words, cleaned", () => {
  it.each([
    ['../../etc/passwd.png', 'passwd.png'],
    ['C:\\Users\\sofie\\Desktop\\mail.png', 'mail.png'],
    ['faktura\u202Egnp.pdf', 'fakturagnp.pdf'],
    ['a\u200Bb\u2066c.png', 'abc.png'],
    ['  ..skjult.png  ', 'skjult.png'],
    ['tab\tog\nlinje.png', 'taboglinje.png'],
    ['<script>.png', '_script_.png'],
    ['navn:med|tegn?.png', 'navn_med_tegn_.png'],
  ])('%j becomes %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });

  it('keeps at most 100 characters and the extension', () => {
    const name = cleanFileName(`${'æ'.repeat(300)}.png`);
    expect([...name]).toHaveLength(100);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe("evidence: an Office document's directory is read without unpacking it", () => {
  it('sums what the entries unpack to', () => {
    expect(zipSummary(zipOf([{ name: 'a' }, { name: 'b', declared: 5000 }]))).toEqual({
      entries: 2,
      unpackedBytes: 6024,
    });
  });

  it('answers nothing for bytes that are not a whole zip', () => {
    expect(zipSummary(Buffer.from('PK\u0003\u0004 cut short'))).toBeUndefined();
    expect(zipSummary(Buffer.alloc(10))).toBeUndefined();
  });
});
