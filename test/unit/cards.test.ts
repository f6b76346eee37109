import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CARD_BUDGET_BYTES, cardBytes, expandCard } from '../../src/platform/cards';
import { verbs } from '../../src/features/verbs';
import { validateCard as validate } from '../support/card-schema';

const root = path.join(__dirname, '..', '..');
const cardsDir = path.join(root, 'cards');

const templates = readdirSync(cardsDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json') && !file.endsWith('.data.json'))
  .map((file) =>
    file
      .replace(/\.json$/, '')
      .split(path.sep)
      .join('/'),
  )
  .sort();

const verbsIn = (node: unknown, found: Set<string> = new Set()): Set<string> => {
  if (Array.isArray(node)) node.forEach((item) => verbsIn(item, found));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.verb === 'string') found.add(record.verb);
    Object.values(record).forEach((value) => verbsIn(value, found));
  }
  return found;
};

describe('card templates', () => {
  it('exist', () => expect(templates.length).toBeGreaterThan(0));

  it.each(templates)(
    '%s expands with its sample data into a valid Adaptive Card 1.5 within the card budget',
    (name) => {
      const data = JSON.parse(readFileSync(path.join(cardsDir, `${name}.data.json`), 'utf8'));
      const card = expandCard(name, data);
      const valid = validate(card);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(card.version).toBe('1.5');
      expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(JSON.stringify(card)).not.toContain('${');
    },
  );

  it('use only verbs the bot knows, and every known verb appears on some card', () => {
    const used = new Set<string>();
    for (const name of templates) verbsIn(JSON.parse(readFileSync(path.join(cardsDir, `${name}.json`), 'utf8')), used);
    const known = new Set<string>(Object.values(verbs));
    expect([...used].filter((verb) => !known.has(verb))).toEqual([]);
    expect([...known].filter((verb) => !used.has(verb))).toEqual([]);
  });
});
