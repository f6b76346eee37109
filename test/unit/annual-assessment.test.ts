import { assessmentOf, LIMITS, topRiskIds, type AssessmentFacts } from '../../src/features/annual-assessment/gather';
import { canonicalJson, contentHash } from '../../src/features/annual-assessment/canonical';
import { assessmentCsv } from '../../src/features/annual-assessment/csv';
import { assessmentDocument } from '../../src/features/annual-assessment/document';
import { renderDocx } from '../../src/features/documents/docx';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { docxParts, readDocx } from '../support/docx';
import type { Incident } from '../../src/features/incidents/model';
import type { Screening } from '../../src/features/dpia/model';
import type { RiskListItem, RiskRecord, ScaleValue } from '../../src/features/risks/model';
import type { SystemRecord } from '../../src/features/systems/model';

/** #19 (P7): the rules of the annual overall risk assessment generated from the register, on plain data. */

const item = (
  id: string,
  title: string,
  l?: number,
  c?: number,
  rl?: number,
  rc?: number,
  more: Partial<RiskListItem> = {},
): RiskListItem => ({
  id,
  title,
  systemNames: [],
  area: 'network',
  likelihood: l as ScaleValue | undefined,
  consequence: c as ScaleValue | undefined,
  residualLikelihood: rl as ScaleValue | undefined,
  residualConsequence: rc as ScaleValue | undefined,
  ...more,
});

const record = (
  id: string,
  title: string,
  l: ScaleValue,
  c: ScaleValue,
  rl: ScaleValue,
  rc: ScaleValue,
  more: Partial<RiskRecord> = {},
): RiskRecord => ({
  id,
  title,
  scenario: 's',
  systemIds: [],
  systemNames: [],
  area: 'network',
  ownerId: 'o',
  ownerName: 'Ejer',
  version: 2,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'x',
  assessment: {
    likelihood: l,
    consequence: { confidentiality: c, integrity: 1, availability: 1 },
    treatment: 'reduce',
    residualLikelihood: rl,
    residualConsequence: rc,
    nextReview: '2027-06-01',
    assessedAt: '2026-12-01T10:00:00Z',
    assessedBy: 'o',
    assessedByName: 'Ejer',
  },
  ...more,
});

const incident = (seq: number, kind: Incident['kind'], more: Partial<Incident> = {}): Incident =>
  ({ number: `HÆN-2026-${String(seq).padStart(4, '0')}`, year: 2026, seq, kind, isBreach: false, ...more }) as Incident;

const system = (name: string, more: Partial<SystemRecord> = {}): SystemRecord =>
  ({ id: name, name, createdAt: '2026-01-01T00:00:00Z', version: 1, ...more }) as SystemRecord;

const facts = (more: Partial<AssessmentFacts> = {}): AssessmentFacts => ({
  now: new Date('2027-01-10T09:00:00Z'),
  generatedBy: 'Mette Kjær',
  acceptanceAbove: 'medium',
  intervals: {},
  risks: [],
  topRecords: [],
  topOmitted: 0,
  systems: [],
  incidents: [],
  screenings: [],
  ...more,
});

describe('the top risks', () => {
  it('are every high and critical risk, the highest residual first, then the highest inherent; low and unassessed are left out', () => {
    const items = [
      item('a', 'Høj iboende, lav rest', 3, 3, 1, 1),
      item('b', 'Kritisk rest', 4, 4, 4, 3),
      item('c', 'Lav', 1, 2, 1, 1),
      item('d', 'Ikke vurderet'),
      item('e', 'Høj rest', 3, 3, 3, 3),
      item('f', 'Kritisk iboende, lav rest', 4, 4, 1, 1),
    ];
    expect(topRiskIds(items)).toEqual({ ids: ['b', 'e', 'f', 'a'], omitted: 0 });
  });

  it('are bounded, the rest counted as omitted', () => {
    const many = Array.from({ length: LIMITS.top + 3 }, (_, i) => item(`r${i}`, `Risiko ${i}`, 4, 4, 4, 4));
    const { ids, omitted } = topRiskIds(many);
    expect(ids).toHaveLength(LIMITS.top);
    expect(omitted).toBe(3);
  });
});

describe('the assessment generated', () => {
  it('counts the risks by level and in the heat map, and lists a top risk with treatment, acceptance and incidents', () => {
    const risks = [
      item('b', 'Kritisk', 4, 4, 3, 3, { incidents: ['HÆN-2026-0002'] }),
      item('c', 'Lav', 1, 1, 1, 1),
      item('d', 'Ny'),
    ];
    const top = record('b', 'Kritisk', 4, 4, 3, 3, {
      acceptance: {
        approvalId: 'x',
        state: 'accepted',
        requestedAt: '2026-12-02T10:00:00Z',
        requestedBy: 'k',
        requestedByName: 'K',
        assessedAt: '2026-12-01T10:00:00Z',
        residual: 'high',
        expiresOn: '2027-12-02',
      },
      incidents: [{ number: 'HÆN-2026-0002', linkedAt: '', linkedBy: '', linkedByName: '' }],
    });
    const content = assessmentOf(facts({ risks, topRecords: [top] }));
    expect(content.year).toBe(2027);
    expect(content.period).toEqual({ from: '2026-01-11', to: '2027-01-10' });
    expect(content.risks).toMatchObject({
      total: 3,
      unassessed: 1,
      inherent: { low: 1, medium: 0, high: 0, critical: 1 },
      residual: { low: 1, medium: 0, high: 1, critical: 0 },
    });
    expect(content.risks.heatMap.inherent[3]![3]).toBe(1);
    expect(content.risks.heatMap.residual[2]![2]).toBe(1);
    expect(content.risks.top).toEqual([
      expect.objectContaining({
        title: 'Kritisk',
        level: 'critical',
        residual: 'high',
        treatment: 'reduce',
        acceptance: 'accepted',
        acceptedUntil: '2027-12-02',
        incidents: ['HÆN-2026-0002'],
        measures: [],
      }),
    ]);
  });

  it("counts the year's incidents by kind with the breaches, and names the risks each linked incident realised", () => {
    const risks = [
      item('a', 'Phishing', 2, 2, 1, 1, { incidents: ['HÆN-2026-0001', 'HÆN-2026-0003'] }),
      item('b', 'Fejlsendt post', 2, 2, 1, 1, { incidents: ['HÆN-2026-0003'] }),
    ];
    const incidents = [
      incident(1, 'general'),
      incident(2, 'system'),
      incident(3, 'personalData', { isBreach: true, breachDecision: { notify: true } as Incident['breachDecision'] }),
      incident(4, 'general', { isBreach: true }),
    ];
    const content = assessmentOf(facts({ risks, incidents }));
    expect(content.incidents).toMatchObject({
      total: 4,
      breaches: 2,
      notified: 1,
      unlinked: 2,
      byKind: [
        { kind: 'general', count: 2, breaches: 1 },
        { kind: 'system', count: 1, breaches: 0 },
        { kind: 'personalData', count: 1, breaches: 1 },
      ],
    });
    expect(content.incidents.revealed).toEqual([
      { number: 'HÆN-2026-0001', kind: 'general', breach: false, risks: ['Phishing'] },
      { number: 'HÆN-2026-0003', kind: 'personalData', breach: true, risks: ['Fejlsendt post', 'Phishing'] },
    ]);
  });

  it('names at most a bounded number of risks per incident and counts the rest, in the document and the CSV', () => {
    const many = LIMITS.risksPerIncident + 3;
    const risks = Array.from({ length: many }, (_, i) =>
      item(`r${i}`, `Risiko ${String(i).padStart(2, '0')}`, 2, 2, 1, 1, { incidents: ['HÆN-2026-0001'] }),
    );
    const content = assessmentOf(facts({ risks, incidents: [incident(1, 'general')] }));
    const [line] = content.incidents.revealed;
    expect(line?.risks).toHaveLength(LIMITS.risksPerIncident);
    expect(line?.risks[0]).toBe('Risiko 00');
    expect(line?.moreRisks).toBe(3);
    const hash = contentHash(content);
    const cell = JSON.stringify(assessmentDocument('da', content, hash).blocks);
    expect(cell).toContain('Risiko 09\\n3 flere er ikke vist her.');
    expect(cell).not.toContain('Risiko 10');
    const csv = assessmentCsv('da', content, hash);
    expect(csv).toContain('Risiko 09, 3 flere er ikke vist her.');
    expect(assessmentCsv('en', content, hash)).toContain('Risiko 09, 3 more are not shown here.');
  });

  it("lists a top risk's remedial measures, open ones first by due date, bounded with the rest counted, in the document and the CSV", () => {
    const measure = (n: number, dueDate: string, done: boolean) => ({
      id: `m${String(n).padStart(2, '0')}`,
      text: `Foranstaltning ${String(n).padStart(2, '0')}`,
      owner: 'Sofie Jensen',
      ownerId: 'sofie',
      dueDate,
      done,
    });
    const measures = [
      measure(1, '2027-03-01', true),
      measure(2, '2027-02-01', true),
      measure(3, '2027-01-20', true),
      ...Array.from({ length: LIMITS.measuresPerRisk }, (_, i) => measure(10 + i, `2027-02-${String(28 - i)}`, false)),
    ];
    const content = assessmentOf(
      facts({
        risks: [item('a', 'Ransomware', 4, 4, 3, 3)],
        topRecords: [record('a', 'Ransomware', 4, 4, 3, 3, { measures })],
      }),
    );
    const [top] = content.risks.top;
    expect(top?.measures).toHaveLength(LIMITS.measuresPerRisk);
    expect(top?.measures.every((m) => !m.done)).toBe(true); // the open ones before any done one
    expect(top?.measures[0]).toEqual({
      text: 'Foranstaltning 19',
      owner: 'Sofie Jensen',
      dueDate: '2027-02-19',
      done: false,
    });
    expect(top?.moreMeasures).toBe(3);
    const hash = contentHash(content);
    const blocks = JSON.stringify(assessmentDocument('da', content, hash).blocks);
    expect(blocks).toContain('Foranstaltning 19');
    expect(blocks).toContain('3 flere er ikke vist her.');
    expect(blocks).not.toContain('Foranstaltning 01');
    const csv = assessmentCsv('da', content, hash);
    expect(csv).toContain('Foranstaltning 10 – Sofie Jensen – 2027-02-28');
    expect(csv).toContain('3 flere er ikke vist her.');
  });

  it('places systems by category and assessment status by the P4 intervals, the most critical and most overdue first', () => {
    const confirmed = (category: string) => ({ category }) as unknown as SystemRecord['criticality'];
    const systems = [
      system('Kalender', {
        criticality: confirmed('nonCritical'),
        lastRiskAssessment: { date: '2026-06-01', by: 'A', summary: '', recordedAt: '' },
      }),
      system('Omsorg', {
        criticality: confirmed('lifeAndDeath'),
        lastRiskAssessment: { date: '2025-12-01', by: 'B', summary: '', recordedAt: '' },
      }),
      system('ESDH', { criticality: confirmed('lifeAndDeath') }),
      system('Løn', {
        criticality: confirmed('critical'),
        lastRiskAssessment: { date: '2026-11-01', by: 'C', summary: '', recordedAt: '' },
      }),
    ];
    const content = assessmentOf(facts({ systems }));
    expect(content.systems.listed.map((line) => [line.name, line.status])).toEqual([
      ['ESDH', 'never'],
      ['Omsorg', 'overdue'],
      ['Løn', 'current'],
      ['Kalender', 'current'],
    ]);
    expect(content.systems.listed[1]).toMatchObject({
      lastAssessed: '2025-12-01',
      lastAssessedBy: 'B',
      due: '2026-12-01',
    });
    expect(content.systems.byCategory[0]).toEqual({
      category: 'lifeAndDeath',
      total: 2,
      statuses: { current: 0, overdue: 1, never: 1, majorChange: 0 },
    });
  });

  it("counts DPIAs required and done from each system's latest screening", () => {
    const screening = (system: string, outcome?: string, doneDate?: string): Screening =>
      ({
        systemName: system,
        answer: outcome ? { result: { outcome }, answeredAt: '2026-05-01T10:00:00Z' } : undefined,
        dpia: doneDate ? { doneDate } : undefined,
      }) as unknown as Screening;
    const content = assessmentOf(
      facts({
        screenings: [
          screening('A', 'dpiaRequired', '2026-08-01'),
          screening('B', 'dpiaRequired'),
          screening('C', 'riskOnly'),
          screening('D'),
        ],
      }),
    );
    expect(content.dpia).toEqual({
      required: 2,
      done: 1,
      open: [{ system: 'B', answeredAt: '2026-05-01' }],
      openOmitted: 0,
      unanswered: 1,
    });
  });
});

describe('the content hash', () => {
  it('does not depend on the order keys were written in, and changes with any fact', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, e: 'x' }] })).toBe('{"a":[{"d":2,"e":"x"}],"b":1}');
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }));
    expect(contentHash({ a: 2, b: 1 })).not.toBe(contentHash({ a: 2, b: 2 }));
    const content = assessmentOf(facts({ risks: [item('c', 'Lav', 1, 1, 1, 1)] }));
    // Stored and read back (JSON), the content has the same hash.
    expect(contentHash(JSON.parse(JSON.stringify(content)))).toBe(contentHash(content));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the document and the CSV', () => {
  const content = assessmentOf(
    facts({
      risks: [item('b', '=HYPERLINK("x")', 4, 4, 3, 3)],
      topRecords: [record('b', '=HYPERLINK("x")', 4, 4, 3, 3)],
    }),
  );
  const hash = contentHash(content);

  it('colour the heat map by level and say the colours in words, in Danish and English', () => {
    for (const locale of ['da', 'en'] as const) {
      const spec = assessmentDocument(locale, content, hash);
      const maps = spec.blocks.filter((block) => block.kind === 'table' && block.header[1] === '1');
      expect(maps).toHaveLength(2);
      const [inherent] = maps as Extract<(typeof spec.blocks)[number], { kind: 'table' }>[];
      // Likelihood 4 (top row) × consequence 4: red (critical); likelihood 1 × consequence 1: green (low).
      expect(inherent!.rows[0]).toEqual(['4', '0', '0', '0', '1']);
      expect(inherent!.fills?.[0]?.[4]).toBe('FFC7CE');
      expect(inherent!.fills?.[3]?.[1]).toBe('C6EFCE');
      expect(JSON.stringify(spec.blocks)).toContain(hash);
    }
  });

  it('make a Word file that opens: a zip of well-formed XML parts, the main part declared and every relationship resolved, hostile text kept as text', async () => {
    const hostile = 'Før <w:t>x</w:t> & "citat" ]]>\u0001 slut';
    const risky = assessmentOf(
      facts({
        risks: [item('h', hostile, 4, 4, 3, 3, { incidents: ['HÆN-2026-0001'] })],
        topRecords: [record('h', hostile, 4, 4, 3, 3)],
        systems: [system(`${hostile} system`)],
        incidents: [incident(1, 'general')],
      }),
    );
    for (const locale of ['da', 'en'] as const) {
      const bytes = await renderDocx(assessmentDocument(locale, risky, contentHash(risky)));
      const parts = docxParts(bytes);
      const names = new Set(parts.map((part) => part.name));
      for (const part of parts)
        expect({ part: part.name, valid: XMLValidator.validate(part.xml) }).toEqual({ part: part.name, valid: true });
      const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
      const xmlOf = (name: string) => parts.find((part) => part.name === name)?.xml ?? '';
      const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([] as T[]).concat(value));
      // [Content_Types].xml declares the main document part as Word's.
      const types = list<{ PartName: string; ContentType: string }>(
        parser.parse(xmlOf('[Content_Types].xml')).Types.Override,
      );
      expect(types).toContainEqual({
        PartName: '/word/document.xml',
        ContentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      });
      // The package's relationships lead to the document, and every internal target is in the zip.
      for (const rels of [...names].filter((name) => name.endsWith('.rels'))) {
        const base = rels.replace(/_rels\/[^/]*\.rels$/, '');
        for (const rel of list<{ Target: string; TargetMode?: string }>(
          parser.parse(xmlOf(rels)).Relationships.Relationship,
        )) {
          if (rel.TargetMode === 'External') continue;
          const target = rel.Target.startsWith('/') ? rel.Target.slice(1) : `${base}${rel.Target}`;
          expect({ rels, target, found: names.has(target) }).toEqual({ rels, target, found: true });
        }
      }
      expect(xmlOf('_rels/.rels')).toContain('Target="word/document.xml"');
      expect(parser.parse(xmlOf('word/document.xml'))['w:document']['w:body']).toBeDefined();
      // The hostile title is there as the reader would see it (the character XML forbids dropped).
      expect(readDocx(bytes).all).toContain('Før <w:t>x</w:t> & "citat" ]]> slut');
    }
  });

  it('neutralise a formula in the CSV and start with the hash', () => {
    const csv = assessmentCsv('da', content, hash);
    expect(csv.split('\r\n')[1]).toBe(`Samlet risikovurdering 2027;;SHA-256;${hash}`);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).not.toMatch(/(^|;)"?=HYPERLINK/m);
  });
});
