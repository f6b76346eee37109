import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { expandCard } from '../../src/platform/cards';
import { plainCardSchema, validateCard } from '../support/card-schema';

const plain = new Ajv({ strict: false, allErrors: true });
plain.removeKeyword('id');
plain.addMetaSchema(draft06);
addFormats(plain);
const validatePlain = plain.compile(plainCardSchema);

const cardsDir = path.join(__dirname, '..', '..', 'cards');
const sample = (name: string) =>
  expandCard(name, JSON.parse(readFileSync(path.join(cardsDir, `${name}.data.json`), 'utf8')));

const card = (input: Record<string, unknown>) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'Input.ChoiceSet', id: 'person', choices: [], ...input }],
});
const picker = { 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } };

describe("card schema: Adaptive Card 1.5 plus Teams' people picker, nothing more", () => {
  it.each(['access/roles', 'systems/form', 'incidents/measures', 'incidents/triage'])(
    '%s uses the people picker, which plain 1.5 refuses',
    (name) => {
      expect(JSON.stringify(sample(name))).toContain('graph.microsoft.com/users');
      expect(validatePlain(sample(name))).toBe(false);
      expect(validateCard(sample(name))).toBe(true);
    },
  );

  it("admits choices.data only as Teams' Data.Query over the organisation's users", () => {
    expect(validateCard(card(picker))).toBe(true);
    const scoped = {
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users?scope=currentContext' },
    };
    expect(validateCard(card(scoped))).toBe(true);
    for (const wrong of [
      { 'choices.data': { type: 'Data.Query', dataset: 'https://example.com/people' } },
      { 'choices.data': { type: 'Data.Query' } },
      { 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users', url: 'https://x' } },
      { 'choices.data': { type: 'Data.Other', dataset: 'graph.microsoft.com/users' } },
    ]) {
      expect(validateCard(card(wrong))).toBe(false);
    }
  });

  it('extends no other element', () => {
    const text = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text', id: 'x', ...picker }] };
    expect(validateCard(text)).toBe(false);
    expect(validateCard(card({ unknownProperty: true }))).toBe(false);
  });
});
