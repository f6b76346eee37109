import type { HistoryEntry, Incident } from '../../src/features/incidents/model';
import {
  ANONYMISED,
  anonymiseHistoryEntry,
  anonymiseIncident,
  isDueForAnonymisation,
  retentionCutoff,
  retentionStart,
} from '../../src/features/retention/rules';

const incident = (overrides: Partial<Incident> = {}): Incident => ({
  number: 'HÆN-2020-0007',
  year: 2020,
  seq: 7,
  version: 4,
  title: 'Jens Hansens pc stjålet',
  description: 'Pc med CPR-numre stjålet fra bil.',
  discoveredAt: '2020-03-01T08:00:00.000Z',
  kind: 'personalData',
  systemName: 'Jens egen Excel',
  personalData: 'yes',
  personalDataKinds: ['cpr'],
  affectedPeople: 40,
  actionsTaken: 'Ringede til Jens på 12345678',
  contact: 'jens@egedal.dk',
  reporterId: '0b1c2d3e-0000-4000-8000-000000000001',
  reporterName: 'Jens Hansen',
  reportedAt: '2020-03-01T09:00:00.000Z',
  state: 'closed',
  severity: 'high',
  assignee: 'Mette Kjær',
  isBreach: true,
  awarenessAt: '2020-03-01T09:00:00.000Z',
  awarenessReason: 'Jens ringede',
  breachDecision: {
    notify: true,
    justification: 'CPR-numre for 40 borgere',
    consequences: 'Lars Nielsen og 39 andre kan udsættes for identitetstyveri',
    notifiedAt: '2020-03-02T09:00:00.000Z',
    reference: '2020-441-1234',
    dataSubjectsInformed: 'yes',
    decidedBy: 'Mette Kjær',
    decidedAt: '2020-03-02T09:00:00.000Z',
  },
  nis2Significant: true,
  nis2Reports: {
    earlyWarning: {
      sentAt: '2020-03-01T20:00:00.000Z',
      recordedBy: 'Mette Kjær',
      recordedAt: '2020-03-01T21:00:00.000Z',
    },
  },
  measures: [
    { id: 'm1', text: 'Spær Jens konto', owner: 'IT-drift', dueDate: '2020-03-05', done: true, doneBy: 'Lars Holm' },
  ],
  closedAt: '2020-04-01T10:00:00.000Z',
  ...overrides,
});

describe('retention (data minimisation)', () => {
  const now = new Date('2026-11-29T12:00:00.000Z');
  const cutoff = retentionCutoff(now, 5);

  it('counts the period in whole years back from now', () => {
    expect(cutoff.toISOString()).toBe('2021-11-29T12:00:00.000Z');
  });

  it.each([
    ['closed long ago', {}, true],
    ['closed just inside the period', { closedAt: '2021-11-29T12:00:01.000Z' }, false],
    ['closed recently', { closedAt: '2026-01-01T00:00:00.000Z' }, false],
    ['not an incident, no closing time, reported long ago', { state: 'notAnIncident', closedAt: undefined }, true],
    ['resolved but not closed', { state: 'resolved', closedAt: undefined }, false],
    ['still open', { state: 'inProgress', closedAt: undefined }, false],
    ['anonymised already', { reporterId: ANONYMISED }, false],
  ] as [string, Partial<Incident>, boolean][])('%s', (_name, overrides, due) => {
    expect(isDueForAnonymisation(incident(overrides), cutoff)).toBe(due);
  });

  it('starts the period when closed, else when reported, and not at all while open', () => {
    expect(retentionStart(incident())).toBe('2020-04-01T10:00:00.000Z');
    expect(retentionStart(incident({ closedAt: undefined }))).toBe('2020-03-01T09:00:00.000Z');
    expect(retentionStart(incident({ state: 'contained' }))).toBeUndefined();
  });

  it('replaces personal data and free text, and keeps the skeleton auditors need', () => {
    const before = incident();
    const after = anonymiseIncident(before);
    const text = JSON.stringify(after);
    for (const personal of ['Jens', 'Mette', 'Lars', '12345678', 'jens@', before.reporterId, 'CPR-numre for'])
      expect(text).not.toContain(personal);
    const { number, reportedAt, closedAt, discoveredAt, kind, state, severity, isBreach, nis2Significant } = before;
    expect(after).toMatchObject({ number, reportedAt, closedAt, discoveredAt, kind, state, severity, isBreach });
    expect(after.nis2Significant).toBe(nis2Significant);
    expect(after.breachDecision).toMatchObject({
      notify: true,
      reference: '2020-441-1234',
      dataSubjectsInformed: 'yes',
      consequences: ANONYMISED,
    });
    expect(after.measures[0]).toMatchObject({ id: 'm1', dueDate: '2020-03-05', done: true, text: ANONYMISED });
    expect(after.nis2Reports?.earlyWarning).toEqual({
      sentAt: '2020-03-01T20:00:00.000Z',
      recordedBy: ANONYMISED,
      recordedAt: '2020-03-01T21:00:00.000Z',
    });
    expect(after.personalDataKinds).toEqual(['cpr']);
    expect(after.affectedPeople).toBe(40);
  });

  it('#16-7: replaces the DPO’s name and contact and every note; keeps the categories, estimates and when each supplement was sent', () => {
    const after = anonymiseIncident(
      incident({
        breachDetails: {
          subjectCategories: ['citizens', 'others'],
          otherSubjects: 'Jens Hansens plejebørn',
          estimatedPeople: 45,
          estimatedRecords: 1200,
          dpoName: 'Karen Lund',
          dpoContact: 'karen.lund@egedal.dk',
          recordedBy: 'Mette Kjær',
          recordedAt: '2020-03-02T10:00:00.000Z',
        },
        supplements: [
          {
            sentAt: '2020-03-03T09:00:00.000Z',
            reference: '2020-441-1234',
            note: 'Jens har bekræftet sletning',
            recordedBy: 'Mette Kjær',
            recordedAt: '2020-03-03T09:05:00.000Z',
          },
        ],
      }),
    );
    for (const personal of ['Jens', 'Karen', 'karen.lund', 'Mette'])
      expect(JSON.stringify(after)).not.toContain(personal);
    expect(after.breachDetails).toEqual({
      subjectCategories: ['citizens', 'others'],
      otherSubjects: ANONYMISED,
      estimatedPeople: 45,
      estimatedRecords: 1200,
      dpoName: ANONYMISED,
      dpoContact: ANONYMISED,
      recordedBy: ANONYMISED,
      recordedAt: '2020-03-02T10:00:00.000Z',
    });
    expect(after.supplements).toEqual([
      {
        sentAt: '2020-03-03T09:00:00.000Z',
        reference: '2020-441-1234',
        note: ANONYMISED,
        recordedBy: ANONYMISED,
        recordedAt: '2020-03-03T09:05:00.000Z',
      },
    ]);
    const details: HistoryEntry = {
      version: 5,
      at: '2020-03-02T10:00:00.000Z',
      by: 'x',
      byName: 'Mette Kjær',
      action: 'breachDetails',
      changes: {
        breachSubjectCategories: [null, 'citizens,others'],
        breachOtherSubjects: [null, 'Jens Hansens plejebørn'],
        breachEstimatedPeople: [null, 45],
        breachDpoName: [null, 'Karen Lund'],
        breachDpoContact: [null, 'karen.lund@egedal.dk'],
      },
    };
    expect(anonymiseHistoryEntry(details).changes).toEqual({
      breachSubjectCategories: [null, 'citizens,others'],
      breachOtherSubjects: [null, ANONYMISED],
      breachEstimatedPeople: [null, 45],
      breachDpoName: [null, ANONYMISED],
      breachDpoContact: [null, ANONYMISED],
    });
    const supplement: HistoryEntry = {
      ...details,
      action: 'breachSupplement',
      changes: {
        breachSupplementAt: [null, '2020-03-03T09:00:00.000Z'],
        breachSupplementReference: [null, '2020-441-1234'],
        breachSupplementNote: [null, 'Jens har bekræftet sletning'],
      },
    };
    expect(anonymiseHistoryEntry(supplement).changes).toEqual({
      breachSupplementAt: [null, '2020-03-03T09:00:00.000Z'],
      breachSupplementReference: [null, '2020-441-1234'],
      breachSupplementNote: [null, ANONYMISED],
    });
  });

  it('#20: replaces the message a report was made from (its text, sender and link); keeps when it was sent', () => {
    const after = anonymiseIncident(
      incident({
        evidence: {
          text: 'Din adgangskode udløber i dag',
          senderName: 'Ukendt Afsender',
          sentAt: '2020-01-01T08:00:00.000Z',
          link: 'https://teams.microsoft.com/l/message/19:a@thread.tacv2/1',
        },
      }),
    );
    expect(after.evidence).toEqual({ text: ANONYMISED, senderName: ANONYMISED, sentAt: '2020-01-01T08:00:00.000Z' });
    expect(anonymiseIncident(incident()).evidence).toBeUndefined();
  });

  it('leaves absent optional fields absent', () => {
    const after = anonymiseIncident(incident({ contact: undefined, assignee: undefined, breachDecision: undefined }));
    expect(after.contact).toBeUndefined();
    expect(after.assignee).toBeUndefined();
    expect(after.breachDecision).toBeUndefined();
    expect(after.breachDetails).toBeUndefined();
    expect(after.supplements).toBeUndefined();
  });

  it('rewrites a history row: who, the comment and free-text values go; action, time and state changes stay', () => {
    const entry: HistoryEntry = {
      version: 2,
      at: '2020-03-01T10:00:00.000Z',
      by: '0b1c2d3e-0000-4000-8000-000000000009',
      byName: 'Mette Kjær',
      action: 'triaged',
      changes: { state: ['received', 'inProgress'], assignee: [null, 'Lars Holm'] },
      comment: 'Jens er ked af det',
    };
    expect(anonymiseHistoryEntry(entry)).toEqual({
      version: 2,
      at: '2020-03-01T10:00:00.000Z',
      by: ANONYMISED,
      byName: ANONYMISED,
      action: 'triaged',
      changes: { state: ['received', 'inProgress'], assignee: [null, ANONYMISED] },
      comment: ANONYMISED,
    });
  });

  it('keeps when a NIS2 report was sent in its history row, and drops who recorded it', () => {
    const entry: HistoryEntry = {
      version: 3,
      at: '2020-03-01T21:00:00.000Z',
      by: '0b1c2d3e-0000-4000-8000-000000000009',
      byName: 'Mette Kjær',
      action: 'nis2EarlyWarningSent',
      changes: { nis2EarlyWarningSentAt: [null, '2020-03-01T20:00:00.000Z'] },
    };
    expect(anonymiseHistoryEntry(entry)).toMatchObject({
      byName: ANONYMISED,
      changes: { nis2EarlyWarningSentAt: [null, '2020-03-01T20:00:00.000Z'] },
    });
  });
});
