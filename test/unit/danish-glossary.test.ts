import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { da, en } from '../../src/i18n/catalogs';
import { projectRoot } from '../../src/project-root';

/**
 * The Danish a caseworker, the DPO and an auditor expect (P12): one word for one thing, real
 * plurals and the law's own wording. Each rule names the word the product does not use and the
 * word it uses instead, so a failure says what to write.
 */

/** Every string of a catalog (or any JSON) with its dotted key. */
const strings = (node: unknown, prefix = ''): [string, string][] =>
  typeof node === 'string'
    ? [[prefix, node]]
    : node && typeof node === 'object'
      ? Object.entries(node).flatMap(([key, value]) => strings(value, prefix ? `${prefix}.${key}` : key))
      : [];

const appPackage = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(projectRoot, 'appPackage', file), 'utf8'));

/** The sample data beside each card template (`cards/<feature>/<name>.data.json`), Danish like the cards. */
const cardSamples = (): [string, string][] =>
  readdirSync(path.join(projectRoot, 'cards')).flatMap((feature) =>
    readdirSync(path.join(projectRoot, 'cards', feature))
      .filter((file) => file.endsWith('.data.json'))
      .flatMap((file) =>
        strings(JSON.parse(readFileSync(path.join(projectRoot, 'cards', feature, file), 'utf8'))).map(
          ([key, text]): [string, string] => [`cards/${feature}/${file} ${key}`, text],
        ),
      ),
  );

/** Every Danish text a user meets: the catalogs, the app manifest and the cards' sample data. */
const danishTexts: [string, string][] = [
  ...cardSamples(),
  ...strings(da),
  ...strings(appPackage('da.json')).map(([key, text]): [string, string] => [`appPackage/da.json ${key}`, text]),
  ...strings(appPackage('manifest.json'))
    .filter(([key]) => /description|title|name/.test(key))
    .map(([key, text]): [string, string] => [`appPackage/manifest.json ${key}`, text]),
];

/** The glossary's rejected words, as patterns, with the word to use instead. */
const rejected: { pattern: RegExp; use: string }[] = [
  { pattern: /\banmeld(?:e|er)?\s+(?:en\s+)?(?:sikkerheds)?hændelse/i, use: 'melde en hændelse (to the coordinator)' },
  {
    pattern: /\b(?:mine|din) anmeldelser?\b|\banmelderen\b|\banmeldt af\b|\bdu anmeldte\b/i,
    use: 'melde / indberetning',
  },
  // "Anmeldt" alone (a label) or before a time is the employee's report to the coordinator: meldt.
  { pattern: /^Anmeldt$|^Anmeldt (?:\{|\d)/, use: 'meldt (to the coordinator; anmeldt is to Datatilsynet)' },
  { pattern: /\borienter\w*/i, use: 'underrette / underretning' },
  { pattern: /(?<!tidlig )varsling/i, use: 'tidlig varsling' },
  { pattern: /NIS2-?\s*anmeldelse|hændelsesanmeldelse/i, use: 'hændelsesunderretning' },
  { pattern: /\btilstand/i, use: 'status' },
  { pattern: /\balvor\b/i, use: 'alvorlighed' },
  { pattern: /\bslags\b/i, use: 'type' },
  { pattern: /\bmiddel\b/i, use: 'mellem' },
  { pattern: /inddæmme/i, use: 'begrænset' },
  { pattern: /\bikke en hændelse\b/i, use: 'ikke en sikkerhedshændelse' },
  { pattern: /(?<!systemejer\p{L}* \((?:i politikken: )?(?:den )?)systemansvarlig/iu, use: 'systemejer' },
  { pattern: /\bholdt\b/i, use: 'afholdt' },
  { pattern: /(?<!\p{L})ønsk\p{L}*\s+ændringer|ændringer ønsket|ønske om ændringer/iu, use: 'bed om ændringer' },
  { pattern: /\bregistrer\b/i, use: 'registrér' },
  { pattern: /entra|objekt-?\s?id/i, use: 'arbejdsmail (ids are never shown)' },
  { pattern: /72 timer til at beslutte/i, use: 'the 72 hours are for the anmeldelse itself' },
  { pattern: /risiko usandsynlig/i, use: 'the art. 33(1) ground, in its words' },
];

/** "medlem(mer)", "runde(r)", "change(s)": a plural written as a parenthesis instead of ICU plural. */
const parenthesisedPlural = /\p{L}\(\p{L}{1,3}\)/u;

describe('Danish texts follow the glossary (P12)', () => {
  it('use none of the rejected words', () => {
    const found = danishTexts.flatMap(([key, text]) =>
      rejected
        .filter(({ pattern }) => pattern.test(text))
        .map(({ pattern, use }) => `${key}: "${pattern.exec(text)?.[0]}" – use ${use}`),
    );
    expect(found).toEqual([]);
  });

  it('write no plural in parentheses, in Danish or English', () => {
    const found = [...strings(da), ...strings(en)]
      .filter(([, text]) => parenthesisedPlural.test(text))
      .map(([key, text]) => `${key}: ${parenthesisedPlural.exec(text)?.[0]}`);
    expect(found).toEqual([]);
  });

  it('the rules catch what they are meant to catch', () => {
    const caught = (text: string) =>
      rejected.some(({ pattern }) => pattern.test(text)) || parenthesisedPlural.test(text);
    for (const wrong of [
      'Hvilken slags hændelse?',
      'Inddæmmet',
      'Tilstand',
      'Middel',
      'Alvor',
      'Systemansvarlig',
      'Kontakt den systemansvarlige',
      'Gennemgangen blev holdt',
      'Ønsk ændringer',
      'Registrer system',
      'Systemejer (e-mail eller Entra-objekt-id)',
      'Er de registrerede orienteret (art. 34)?',
      'Varsling (inden for 24 timer)',
      'NIS2-anmeldelse sendt',
      'Ikke en hændelse',
      'Anmeld en sikkerhedshændelse',
      '{required} medlem(mer) har godkendt',
      '{count} tidligere runde(r)',
      '{count} earlier change(s)',
    ])
      expect([wrong, caught(wrong)]).toEqual([wrong, true]);
    for (const right of [
      'Tidlig varsling (inden for 24 timer)',
      'Afholdt {heldOn}',
      'Registrér gennemgangen',
      'Systemejer (arbejdsmail)',
      'Alvorlighed',
      'Anmeldt til Datatilsynet',
      'De registrerede underrettet (art. 34)',
      'Systemejer (systemansvarlig)',
      'Systemejeren (i politikken: den systemansvarlige)',
      'Konsekvensanalyse (DPIA)',
    ])
      expect([right, caught(right)]).toEqual([right, false]);
  });
});

describe('the legal phrases are exact (P3, P9)', () => {
  const i = da.incidents;

  it("the 72 hours run for the anmeldelse itself, from the municipality's kendskab", () => {
    expect(i.confirmation.breachNext).toContain('anmelde bruddet til Datatilsynet inden for 72 timer');
    expect(i.confirmation.breachNext).toContain('kendskab');
    expect(da.policy.points).toContain(
      'anmelde til Datatilsynet inden for 72 timer, efter at kommunen har fået kendskab',
    );
  });

  it('not notifying states the art. 33(1) ground in its words', () => {
    expect(i.triage.decisionNotNotify).toContain(
      'bruddet indebærer sandsynligvis ikke en risiko for fysiske personers rettigheder eller frihedsrettigheder',
    );
    expect(i.triage.decisionNotNotify).toContain('art. 33, stk. 1');
  });

  it('the data subjects are underrettet, and no underretning names its art. 34(3) ground', () => {
    expect(i.triage.subjectsInformed).toContain('underrettet (art. 34)');
    expect(i.triage.subjectsNotRequired).toMatch(/^Underretning ikke påkrævet \(art\. 34, stk\. 3, litra a, b eller c/);
  });

  it('only a material change of the policy goes to the city council, not the handbook', () => {
    expect(da.approvals.submit.materialLabel).toContain('Væsentlig ændring af politikken');
    expect(da.approvals.submit.materialLabel).toContain('håndbogen godkender styregruppen alene');
    expect(da.approvals.card.materialNote).toContain('af politikken');
  });

  it('the pre-2018 rule holds only while the processing and the risk are unchanged', () => {
    expect(da.dpia.outcome.reasons.predates2018Unchanged).toContain('så længe behandlingen og risikoen er uændrede');
  });

  it('the policy card: report to the coordinator, do not notify Datatilsynet yourself, contractual consequences', () => {
    expect(da.policy.points).toContain('Alle skal melde sikkerhedshændelser til informationssikkerhedskoordinatoren');
    expect(da.policy.points).toContain('Du anmelder ikke selv noget til Datatilsynet');
    expect(da.policy.points).toContain('kontraktretlige konsekvenser for leverandører og konsulenter');
  });
});
