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

/** Validates a card against the official Adaptive Card 1.5 schema (what Teams renders; `schemas/README.md`). */
export const validateCard = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

/** The schema's complaints about a card; empty when it is a valid Adaptive Card 1.5. */
export function cardSchemaErrors(card: unknown): unknown[] {
  validateCard(card);
  return validateCard.errors ?? [];
}
