import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { compileTemplate } from '../../src/platform/card-template';

/**
 * The bot expands cards with its own compiled templates (src/platform/card-template.ts). Every template
 * in cards/ must come out exactly as the Adaptive Card Templating package makes it: on its sample
 * data, and on variants of it that take each branch (a field missing or empty, a flag flipped, a
 * list emptied or grown).
 */
const cardsDir = path.join(__dirname, '..', '..', 'cards');
const templates = readdirSync(cardsDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json') && !file.endsWith('.data.json'))
  .sort();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every variant of `data` changed in one place. */
function* variants(data: Json): Generator<Json> {
  yield data;
  const walk = function* (node: Json, replace: (value: Json | undefined) => Json): Generator<Json> {
    if (Array.isArray(node)) {
      yield replace([]);
      if (node.length > 0) yield replace([...node, node[0] as Json]);
      for (let i = 0; i < node.length; i++)
        yield* walk(node[i] as Json, (value) => replace(node.map((item, j) => (j === i ? (value as Json) : item))));
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        yield* walk(node[key] as Json, (value) => {
          const copy = { ...node };
          if (value === undefined) delete copy[key];
          else copy[key] = value;
          return replace(copy);
        });
        yield replace(Object.fromEntries(Object.entries(node).filter(([other]) => other !== key)));
      }
    } else if (typeof node === 'string') {
      yield replace(node === '' ? 'tekst med ${x} og {klammer} og æøå' : '');
    } else if (typeof node === 'boolean') {
      yield replace(!node);
      yield replace('ja'); // truthy but no boolean: \$when must drop the element
    } else if (typeof node === 'number') {
      yield replace(node === 0 ? 3 : 0);
    }
  };
  yield* walk(data, (value) => value as Json);
}

/** The package's template, prepared once (parsing its expressions is what costs), or undefined if it cannot be. */
const packageTemplate = (template: unknown): ACData.Template | undefined => {
  try {
    return new ACData.Template(template);
  } catch {
    return undefined;
  }
};
const viaPackage = (template: ACData.Template | undefined, data: Json): unknown => {
  try {
    if (!template) throw new Error('template refused');
    return { card: template.expand({ $root: data }) };
  } catch {
    return { error: true };
  }
};
const viaCompiled = (expand: (root: object) => unknown, data: Json): unknown => {
  try {
    return { card: expand(data as object) };
  } catch {
    return { error: true };
  }
};

describe('compiled card templates', () => {
  it.each(templates)('%s expands as the Adaptive Card Templating package does', (file) => {
    const template = JSON.parse(readFileSync(path.join(cardsDir, file), 'utf8'));
    const data = JSON.parse(readFileSync(path.join(cardsDir, file.replace(/\.json$/, '.data.json')), 'utf8'));
    const expand = compileTemplate(template);
    const library = packageTemplate(template);
    let checked = 0;
    for (const variant of variants(data)) {
      // JSON round trip: the package's output is plain JSON too.
      const expected = JSON.parse(JSON.stringify(viaPackage(library, variant)));
      const actual = JSON.parse(JSON.stringify(viaCompiled(expand, variant)));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect({ variant, card: actual }).toEqual({ variant, card: expected });
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  });

  it('refuses, when compiled, an expression it does not know', () => {
    expect(() => compileTemplate({ type: 'TextBlock', text: '${formatDateTime(when)}' })).toThrow(/unsupported/);
    expect(() => compileTemplate({ type: 'TextBlock', text: '${a + b}' })).toThrow();
  });

  it('never evaluates text that comes in as data', () => {
    const expand = compileTemplate({ type: 'TextRun', text: '${title}' });
    expect(expand({ title: '${$root.secret}', secret: 'x' })).toEqual({ type: 'TextRun', text: '${$root.secret}' });
  });
});
