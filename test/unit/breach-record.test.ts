import { breachRecordDocument } from '../../src/features/incidents/breach-record';
import type { DocumentBlock, DocumentSpec } from '../../src/features/documents/model';
import type { Incident } from '../../src/features/incidents/model';
import { da } from '../../src/i18n/catalogs';

const f = da.breachRecord.fields;

/** A breach discovered 27.03.2026 10:00 Danish time (09:00Z), reported half an hour later. */
const breach = (overrides: Partial<Incident> = {}): Incident => ({
  number: 'HÆN-2026-0007',
  year: 2026,
  seq: 7,
  version: 3,
  title: 'Mail til forkert modtager',
  description: 'En liste med CPR-numre blev sendt til en forkert modtager.',
  discoveredAt: '2026-03-27T09:00:00.000Z',
  kind: 'personalData',
  personalData: 'yes',
  personalDataKinds: ['cpr'],
  reporterId: 'u1',
  reporterName: 'Sofie Jensen',
  reportedAt: '2026-03-27T09:30:00.000Z',
  awarenessAt: '2026-03-27T09:00:00.000Z',
  state: 'inProgress',
  isBreach: true,
  nis2Significant: false,
  measures: [],
  ...overrides,
});

const factsOf = (spec: DocumentSpec) =>
  new Map(
    spec.blocks
      .filter((block): block is Extract<DocumentBlock, { kind: 'facts' }> => block.kind === 'facts')
      .flatMap((block) => block.rows.map((row) => [row.label, row.value] as const)),
  );
const tablesOf = (spec: DocumentSpec) =>
  spec.blocks.filter((block): block is Extract<DocumentBlock, { kind: 'table' }> => block.kind === 'table');
const maker = (at: string) => ({ name: 'Mette Kjær', at: new Date(at) });

/** The 72-hour deadline in the auditor's document (P3, art. 33(1)): met, missed, not notifying, pending. */
describe('the breach record document: the deadline and whether it was met', () => {
  it.each([
    [
      'notified 2 h 15 min before the deadline',
      '2026-03-30T06:45:00.000Z',
      'Overholdt: anmeldt 2 timer og 15 minutter før fristen',
    ],
    ['notified at the deadline itself', '2026-03-30T09:00:00.000Z', 'Overholdt: anmeldt under et minut før fristen'],
    ['notified 1 minute late', '2026-03-30T09:01:00.000Z', 'Ikke overholdt: anmeldt 1 minut efter fristen'],
    ['notified 25 h late', '2026-03-31T10:00:00.000Z', 'Ikke overholdt: anmeldt 25 timer efter fristen'],
  ])('%s', (_name, notifiedAt, met) => {
    const spec = breachRecordDocument(
      'da',
      breach({
        breachDecision: {
          notify: true,
          justification: 'CPR-numre',
          notifiedAt,
          delayReason: notifiedAt > '2026-03-30T09:00:00.000Z' ? 'Weekend' : undefined,
          decidedBy: 'Mette Kjær',
          decidedAt: '2026-03-31T10:00:00.000Z',
        },
      }),
      [],
      maker('2026-04-01T08:00:00Z'),
    );
    const facts = factsOf(spec);
    // Awareness 27.03 10:00 CET; the 72 hours end 30.03 at 11:00 summer time.
    expect(facts.get(f.awareness)).toBe('27.03.2026 kl. 10:00 (da den, der meldte, opdagede bruddet)');
    expect(facts.get(f.deadline)).toBe('30.03.2026 kl. 11:00');
    expect(facts.get(f.met)).toBe(met);
    expect(facts.has(f.delayReason)).toBe(notifiedAt > '2026-03-30T09:00:00.000Z');
  });

  it('a decision not to notify, an undecided breach before and after the deadline, a corrected awareness', () => {
    const notNotify = breachRecordDocument(
      'da',
      breach({
        breachDecision: {
          notify: false,
          justification: 'Krypteret',
          decidedBy: 'Mette Kjær',
          decidedAt: '2026-03-28T10:00:00.000Z',
        },
      }),
      [],
      maker('2026-04-01T08:00:00Z'),
    );
    expect(factsOf(notNotify).get(f.met)).toBe(da.breachRecord.notNotifying);
    expect(factsOf(notNotify).get(f.notified)).toBe(da.breachRecord.none);
    expect(factsOf(notNotify).get(f.decision)).toBe(da.incidents.triage.decisionNotNotify);

    const open = breachRecordDocument('da', breach(), [], maker('2026-03-29T09:00:00Z'));
    expect(factsOf(open).get(f.met)).toBe('Ikke anmeldt endnu; 24 timer tilbage');
    expect(factsOf(open).get(f.decision)).toBe(da.breachRecord.noDecision);
    const overdue = breachRecordDocument('da', breach(), [], maker('2026-03-30T12:30:00Z'));
    expect(factsOf(overdue).get(f.met)).toBe('Ikke anmeldt, og fristen er overskredet med 3 timer og 30 minutter');

    const corrected = breachRecordDocument(
      'en',
      breach({ awarenessAt: '2026-03-27T07:00:00.000Z', awarenessReason: 'The supplier knew at 08:00' }),
      [],
      maker('2026-03-28T09:00:00Z'),
    );
    const en = factsOf(corrected);
    expect(en.get("The municipality's awareness")).toBe('27 Mar 2026 08:00 (corrected by the coordinator)');
    expect(en.get('Reason for the corrected awareness')).toBe('The supplier knew at 08:00');
    expect(corrected.language).toBe('en-GB');
  });

  it('lists the NIS2 reports with their deadlines and the measures with their state', () => {
    const spec = breachRecordDocument(
      'da',
      breach({
        nis2Significant: true,
        nis2Reports: {
          earlyWarning: {
            sentAt: '2026-03-28T10:00:00.000Z',
            recordedBy: 'Mette Kjær',
            recordedAt: '2026-03-28T10:05:00.000Z',
          },
        },
        measures: [
          {
            id: 'm1',
            text: 'Bed modtageren slette mailen',
            owner: 'Mette Kjær',
            dueDate: '2026-03-28',
            done: true,
            doneAt: '2026-03-27T12:00:00.000Z',
            doneBy: 'Mette Kjær',
          },
          { id: 'm2', text: 'Undervis afdelingen', owner: 'HR', dueDate: '2026-04-15', done: false },
        ],
      }),
      [],
      maker('2026-03-31T08:00:00Z'),
    );
    const [nis2, measures] = tablesOf(spec).slice(-3);
    expect(nis2?.rows).toEqual([
      [
        da.incidents.triage.nis2Steps.earlyWarning,
        '28.03.2026 kl. 10:00',
        '28.03.2026 kl. 11:00',
        '1 time for sent',
        'Mette Kjær, 28.03.2026 kl. 11:05',
      ],
      [
        da.incidents.triage.nis2Steps.notification,
        '30.03.2026 kl. 11:00',
        da.breachRecord.nis2NotSent,
        da.breachRecord.nis2Overdue,
        '',
      ],
      [da.incidents.triage.nis2Steps.finalReport, '30.04.2026 kl. 11:00', da.breachRecord.nis2NotSent, '', ''],
    ]);
    expect(measures?.rows).toEqual([
      ['Bed modtageren slette mailen', 'Mette Kjær', '28.03.2026', 'Udført 27.03.2026 kl. 13:00 af Mette Kjær'],
      ['Undervis afdelingen', 'HR', '15.04.2026', da.breachRecord.measureOpen],
    ]);
  });
});
