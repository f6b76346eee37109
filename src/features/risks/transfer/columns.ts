import { assessFields } from '../form';
import { chosenColumns, guessColumns } from '../../transfer/columns';
import type { ColumnMapping } from '../../transfer/plan';

/** The risk register's fields an import can fill (#19), in the order the export writes them. */
export const riskImportFields = ['riskId', 'title', 'scenario', 'concerns', 'owner', ...assessFields] as const;
export type RiskImportField = (typeof riskImportFields)[number];
export type RiskColumnMapping = ColumnMapping<RiskImportField>;

/** The assessment's fields (the assess card's): a row with any of them filled in carries an assessment. */
export const assessmentFields = assessFields;

/** The names each field is recognised by: the export's own headings (Danish and English) and common spreadsheet words. */
const aliases: Record<RiskImportField, string[]> = {
  // Not a bare "ID": a spreadsheet's own numbering would be taken for the bot's ids.
  riskId: ['Risiko-ID', 'Risk ID', 'RisikoID'],
  title: ['Titel', 'Risiko', 'Title', 'Risk', 'Risikonavn', 'Navn'],
  scenario: ['Scenarie', 'Scenario', 'Beskrivelse', 'Trussel og sårbarhed', 'Description'],
  concerns: ['Vedrører', 'Concerns', 'Systemer', 'System', 'Systems', 'Område', 'Area', 'Aktiv', 'Asset'],
  owner: ['Risikoejer', 'Risk owner', 'Ejer', 'Owner', 'Ansvarlig'],
  likelihood: ['Sandsynlighed', 'Likelihood', 'Probability'],
  confidentiality: [
    'Konsekvens for fortrolighed',
    'Fortrolighed',
    'Consequence for confidentiality',
    'Confidentiality',
  ],
  integrity: ['Konsekvens for integritet', 'Integritet', 'Consequence for integrity', 'Integrity'],
  availability: ['Konsekvens for tilgængelighed', 'Tilgængelighed', 'Consequence for availability', 'Availability'],
  dataSubjects: [
    'Konsekvens for de registrerede',
    'De registrerede',
    'Consequence for the data subjects',
    'Data subjects',
  ],
  // Not "Behandling": in GDPR Danish it is the processing of personal data.
  treatment: ['Håndtering', 'Risikohåndtering', 'Treatment'],
  residualLikelihood: [
    'Sandsynlighed efter håndtering',
    'Restsandsynlighed',
    'Likelihood after treatment',
    'Residual likelihood',
  ],
  residualConsequence: [
    'Konsekvens efter håndtering',
    'Restkonsekvens',
    'Consequence after treatment',
    'Residual consequence',
  ],
  nextReview: ['Næste gennemgang', 'Næste vurdering', 'Next review', 'Review date'],
};

/** Guesses which column fills which field from the header names (see {@link guessColumns}). */
export const guessRiskMapping = (header: readonly string[]): RiskColumnMapping => guessColumns(header, aliases);

/** A mapping as the card sent it, checked against the header. */
export const riskMappingFrom = (data: Record<string, unknown>, columns: number): RiskColumnMapping =>
  chosenColumns(data, columns, riskImportFields);
