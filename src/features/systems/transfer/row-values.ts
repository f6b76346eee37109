import { cellValue, wordsFor } from '../../transfer/cells';
import { personalDataKinds, type PersonalDataKind } from '../../incidents/model';
import { criticalityCategories, type CriticalityCategory } from '../criticality';
import { headerKey, type ColumnMapping, type ImportField } from './columns';

/** Why a row is refused, per field (the card and the dry-run CSV say it in the user's language). */
export type RowProblem =
  | 'required'
  | 'tooLong'
  | 'url'
  | 'yesNo'
  | 'category'
  | 'kinds'
  | 'kindsRequired'
  | 'uuid'
  | 'duplicateKey'
  | 'nameTaken'
  | 'ownerAmbiguous';

/**
 * One row's values: `undefined` where the field has no column (the register keeps what it has),
 * `null` where the cell is empty and that means "none".
 */
export interface RowValues {
  kitosUuid?: string;
  name: string;
  purpose?: string;
  supplier?: string;
  /** The owner as written (e-mail, name or object id); empty: none. */
  owner?: string;
  category?: CriticalityCategory;
  personalData?: boolean;
  personalDataKinds?: PersonalDataKind[];
  plan?: string | null;
}

const limits = { name: 120, purpose: 1000, supplier: 200, owner: 200, plan: 500 } as const;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUrl = (value: string): boolean => /^https:\/\/[^\s]+$/i.test(value) && value.length <= 500;

export { cellValue };

const categoryWords = (): Map<string, CriticalityCategory> => {
  const known = wordsFor((s) => s.systems.categories, criticalityCategories);
  const extra: Record<string, CriticalityCategory> = {
    livogdød: 'lifeAndDeath',
    megetkritisk: 'veryCritical',
    kritisk: 'critical',
    ikkekritisk: 'nonCritical',
    verycritical: 'veryCritical',
    critical: 'critical',
    noncritical: 'nonCritical',
  };
  for (const [word, category] of Object.entries(extra)) known.set(word, category);
  return known;
};
const kindWords = (): Map<string, PersonalDataKind> =>
  wordsFor((s) => s.incidents.personalDataKinds as Record<string, string>, personalDataKinds);

const yes = new Set(['ja', 'j', 'yes', 'y', 'true', 'sand', '1', 'x']);
const no = new Set(['nej', 'n', 'no', 'false', 'falsk', '0']);

/**
 * Reads one row with the register's rules (P4, the same as the register form): required text and
 * its limits, an https link, yes/no, one of the four categories, known kinds of personal data.
 * Returns the values and, per field, what is wrong.
 */
export function readRow(
  cells: readonly string[],
  mapping: ColumnMapping,
): { values: RowValues; problems: Partial<Record<ImportField, RowProblem>> } {
  const problems: Partial<Record<ImportField, RowProblem>> = {};
  const cell = (field: ImportField): string | undefined =>
    mapping[field] === undefined ? undefined : cellValue(cells[mapping[field] as number]);
  const text = (field: 'name' | 'purpose' | 'supplier' | 'owner', required: boolean): string | undefined => {
    const value = cell(field);
    if (value === undefined) return undefined;
    if (!value && required) problems[field] = 'required';
    else if (value.length > limits[field]) problems[field] = 'tooLong';
    return value;
  };
  const values: RowValues = { name: text('name', true) ?? '' };
  if (mapping.name === undefined) problems.name = 'required';
  values.purpose = text('purpose', true);
  values.supplier = text('supplier', true);
  values.owner = text('owner', false);
  const id = cell('kitosUuid')?.toLowerCase();
  if (id) {
    if (uuid.test(id)) values.kitosUuid = id;
    else problems.kitosUuid = 'uuid';
  }
  const category = cell('category');
  if (category) {
    values.category = categoryWords().get(headerKey(category));
    if (!values.category) problems.category = 'category';
  }
  const personal = cell('personalData')?.toLowerCase();
  if (personal) {
    if (yes.has(personal)) values.personalData = true;
    else if (no.has(personal)) values.personalData = false;
    else problems.personalData = 'yesNo';
  }
  const kinds = cell('personalDataKinds');
  if (kinds !== undefined) {
    const words = kinds
      .split(/[,;\n]/)
      .map((word) => word.trim())
      .filter(Boolean);
    const known = kindWords();
    const found = words.map((word) => known.get(headerKey(word)));
    if (found.some((kind) => kind === undefined)) problems.personalDataKinds = 'kinds';
    else values.personalDataKinds = [...new Set(found as PersonalDataKind[])];
  }
  const plan = cell('plan');
  if (plan !== undefined) {
    if (plan && !isUrl(plan)) problems.plan = 'url';
    values.plan = plan || null;
  }
  return { values, problems };
}
