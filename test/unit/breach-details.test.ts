import { readBreachDetails, readSupplement, type DetailsInputs } from '../../src/features/incidents/breach-details';

const inputs = (overrides: Partial<DetailsInputs> = {}): DetailsInputs => ({
  subjectCategories: '',
  otherSubjects: '',
  estimatedPeople: '',
  estimatedRecords: '',
  dpoName: '',
  dpoContact: '',
  supplementDate: '',
  supplementCorrects: '',
  supplementReason: '',
  supplementTime: '',
  supplementReference: '',
  supplementNote: '',
  ...overrides,
});

describe('the art. 33(3) facts as read from the card (P3)', () => {
  it.each([
    [
      'categories in the order offered, unknown ones refused',
      { subjectCategories: 'employees,citizens,robots' },
      { subjectCategories: 'incidents.errors.subjectCategory' },
    ],
    ['"others" needs to say who', { subjectCategories: 'others' }, { otherSubjects: 'incidents.errors.otherSubjects' }],
    [
      'estimates are whole numbers',
      { estimatedPeople: '40-50', estimatedRecords: '-3' },
      { estimatedPeople: 'incidents.errors.number', estimatedRecords: 'incidents.errors.number' },
    ],
    ['nothing is required', {}, {}],
  ] as [string, Partial<DetailsInputs>, Record<string, string>][])('%s', (_name, given, errors) => {
    expect(readBreachDetails(inputs(given)).errors).toEqual(errors);
  });

  it('reads "1.200" and "1 200" as 1200 and keeps the other categories’ words only with "others"', () => {
    expect(readBreachDetails(inputs({ estimatedPeople: '1.200', estimatedRecords: '1 200' })).draft).toMatchObject({
      estimatedPeople: 1200,
      estimatedRecords: 1200,
    });
    const { draft } = readBreachDetails(
      inputs({ subjectCategories: 'children,citizens', otherSubjects: 'Plejefamilier' }),
    );
    expect(draft.subjectCategories).toEqual(['citizens', 'children']);
    expect(draft.otherSubjects).toBeUndefined();
  });
});

describe('a supplementary notification as read from the card (art. 33(4))', () => {
  const now = new Date('2026-03-28T09:00:00Z'); // 10:00 Danish time
  it.each([
    [
      'date without time',
      { supplementDate: '2026-03-28', supplementNote: 'x' },
      { supplementDate: 'incidents.errors.dateTime' },
    ],
    [
      'in the future',
      { supplementDate: '2026-03-28', supplementTime: '10:01', supplementNote: 'x' },
      { supplementDate: 'incidents.errors.future' },
    ],
    [
      'neither reference nor note',
      { supplementDate: '2026-03-28', supplementTime: '09:00' },
      { supplementNote: 'incidents.errors.supplementNote' },
    ],
    [
      'a reference alone',
      { supplementDate: '2026-03-28', supplementTime: '09:00', supplementReference: '2026-431-0077' },
      {},
    ],
  ] as [string, Partial<DetailsInputs>, Record<string, string>][])('%s', (_name, given, errors) => {
    expect(readSupplement(inputs(given), now).errors).toEqual(errors);
  });

  it('takes the time as Danish time', () => {
    expect(
      readSupplement(inputs({ supplementDate: '2026-03-28', supplementTime: '09:15', supplementNote: 'x' }), now).draft
        .sentAt,
    ).toBe('2026-03-28T08:15:00.000Z');
  });
});
