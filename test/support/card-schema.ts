import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

const schemaFile = path.join(__dirname, '..', '..', 'schemas', 'adaptive-card-1.5.json');

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.removeKeyword('id');
ajv.addMetaSchema(draft06);
addFormats(ajv);

/**
 * The people picker's data source as Teams defines it: `Data.Query` over the organisation's users
 * (or those of the current conversation). Nothing else may stand there.
 */
export const teamsDataQuery = {
  type: 'object',
  properties: {
    type: { enum: ['Data.Query'] },
    dataset: { enum: ['graph.microsoft.com/users', 'graph.microsoft.com/users?scope=currentContext'] },
  },
  required: ['type', 'dataset'],
  additionalProperties: false,
} as const;

/**
 * The Adaptive Card 1.5 schema with Teams' one extension we use: `Input.ChoiceSet` may carry
 * `choices.data` (a {@link teamsDataQuery}), which Teams renders as its people picker
 * ("People picker in Adaptive Cards", Microsoft Teams platform docs; the property joined the
 * Adaptive Card schema itself only in 1.6). Everything else stays exactly 1.5.
 */
export function withTeamsExtensions(schema: { definitions: Record<string, any> }): object {
  const extended = structuredClone(schema);
  const choiceSet = extended.definitions['Input.ChoiceSet'];
  if (!choiceSet?.properties || choiceSet.additionalProperties !== false)
    throw new Error('the 1.5 schema no longer has a closed Input.ChoiceSet: review the Teams extension');
  choiceSet.properties['choices.data'] = teamsDataQuery;
  return extended;
}

/** The unextended Adaptive Card 1.5 schema, for the test that shows what the extension admits. */
export const plainCardSchema = JSON.parse(readFileSync(schemaFile, 'utf8'));

/** Validates a card against the Adaptive Card 1.5 schema plus Teams' people picker (what Teams renders). */
export const validateCard = ajv.compile(withTeamsExtensions(plainCardSchema));

/** The schema's complaints about a card; empty when it is a valid Adaptive Card 1.5. */
export function cardSchemaErrors(card: unknown): unknown[] {
  validateCard(card);
  return validateCard.errors ?? [];
}
