/**
 * A compiled Adaptive Card template: the subset of the Adaptive Card Templating language the
 * templates in `cards/` use, with the semantics of the `adaptivecards-templating` package.
 *
 * @remarks That package parses every expression again on each expansion (an ANTLR grammar) and
 * looks up every property by scanning the object's keys; on the busiest paths (the triage card's
 * refresh, bench B1) it took an eighth of the bot's CPU. Here a template is compiled once into
 * closures. What is supported: `${path}` (dotted, `$root.`, `$data`, `$index`; names matched
 * exactly, else ignoring case), a string of text with `${...}` parts, `$data` (an array repeats the
 * element), `$when`, the literals `'text'`, numbers, `true`, `false`, `null`, the operators `!`,
 * `&&`, `||`, `==`, `!=`, `<`, `<=`, `>`, `>=`, parentheses, and the functions `count` and `if`.
 * Anything else is refused when the template is compiled, so a template using more fails its test
 * at once. `test/unit/card-template.test.ts` expands every template in `cards/` with this and with
 * the package, on its sample data and on variants, and requires identical cards.
 */

interface Scope {
  root: unknown;
  data: unknown;
  index: number | undefined;
}

/** `substitute`: an undefined path in a value shows as its own `${path}` (the package's default). */
type Expression = (scope: Scope, substitute: boolean) => unknown;
type Expand = (scope: Scope) => unknown;

const reserved = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** Compiles a parsed template (JSON) once; the result expands it with data. */
export function compileTemplate(template: unknown): (root: object) => unknown {
  const expand = compileNode(template);
  return (root) => expand({ root, data: root, index: undefined });
}

function compileNode(node: unknown): Expand {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(scope);
        if (value === null) continue;
        if (Array.isArray(value)) out.push(...value);
        else out.push(value);
      }
      return out;
    };
  }
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileObject(node: Record<string, unknown>): Expand {
  const fields = Object.keys(node)
    .filter((key) => !reserved.has(key))
    .map((key) => [key, compileNode(node[key])] as const);
  const data = node.$data === undefined ? undefined : compileBinding(node.$data);
  const when = node.$when === undefined ? undefined : compileWhen(node.$when);
  const single = (scope: Scope): Record<string, unknown> | null => {
    if (when && !when(scope)) return null;
    const out: Record<string, unknown> = {};
    for (const [key, expand] of fields) {
      const value = expand(scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  return (scope) => {
    if (!data) return single(scope);
    const bound = data(scope);
    const contexts = Array.isArray(bound) ? bound : [bound];
    const out: Record<string, unknown>[] = [];
    contexts.forEach((context, i) => {
      const inner: Scope = {
        root: scope.root,
        data: context === undefined ? scope.data : context,
        index: Array.isArray(bound) ? i : scope.index,
      };
      const value = single(inner);
      if (value !== null) out.push(value);
    });
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** A `$data` value: an expression string, or a literal (array or object). */
function compileBinding(value: unknown): Expand {
  if (typeof value === 'string') return compileString(value);
  return compileNode(value);
}

/** `$when`: true only for an expression that evaluates to boolean true (errors and the rest drop the element). */
function compileWhen(value: unknown): (scope: Scope) => boolean {
  const single = typeof value === 'string' ? singleExpression(value) : undefined;
  if (single === undefined) return () => false;
  const expression = parseExpression(single);
  return (scope) => {
    try {
      return expression(scope, false) === true;
    } catch {
      return false;
    }
  };
}

/** `${expr}` alone keeps the value's type; text with `${...}` parts becomes a string. */
function compileString(text: string): Expand {
  if (!text.includes('${')) return () => text;
  const parts = splitInterpolation(text);
  const first = parts[0];
  if (parts.length === 1 && first && typeof first !== 'string') {
    const expression = parseExpression(first.source);
    return (scope) => expression(scope, true);
  }
  const compiled = parts.map((part) => {
    if (typeof part === 'string') return () => part;
    const expression = parseExpression(part.source);
    return (scope: Scope) => {
      try {
        const value = expression(scope, true);
        return value === undefined || value === null ? `\${${part.source}}` : String(value);
      } catch {
        return `\${${part.source}}`;
      }
    };
  });
  return (scope) => {
    let out = '';
    for (const part of compiled) out += part(scope);
    return out;
  };
}

function singleExpression(text: string): string | undefined {
  if (!text.includes('${')) return undefined;
  const parts = splitInterpolation(text);
  const first = parts[0];
  return parts.length === 1 && first && typeof first !== 'string' ? first.source : undefined;
}

/** Text and `${...}` parts; quotes inside an expression may contain braces. */
function splitInterpolation(text: string): (string | { source: string })[] {
  const parts: (string | { source: string })[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (start > i) parts.push(text.slice(i, start));
    let j = start + 2;
    let quote: string | undefined;
    for (; j < text.length; j++) {
      const char = text[j];
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '}') break;
    }
    if (j >= text.length) throw new Error(`card template: unclosed expression in "${text}"`);
    parts.push({ source: text.slice(start + 2, j).trim() });
    i = j + 1;
  }
  return parts;
}

// ---- expressions -------------------------------------------------------------------------------

type Token = { kind: 'op' | 'name' | 'string' | 'number'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(&&|\|\||==|!=|<=|>=|[!<>(),])|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?)|([$A-Za-z_][$\w]*(?:\.[$A-Za-z_][$\w]*)*))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) throw new Error(`card template: cannot read expression "${source}"`);
    at = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: 'op', text: match[1] });
    else if (match[2]) tokens.push({ kind: 'string', text: match[2].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (match[3]) tokens.push({ kind: 'number', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'name', text: match[4] });
  }
  return tokens;
}

const logicTrue = (value: unknown): boolean => (typeof value === 'boolean' ? value : value != null);

/** The package's equality (adaptive-expressions `commonEquals`) for the values cards use. */
function equals(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equals(item, b[i]));
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const bothNumbers = typeof a === 'number' && typeof b === 'number';
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothNumbers && !bothStrings) throw new Error('card template: comparison of mixed types');
  const [x, y] = [a as number, b as number];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (text?: string): Token => {
    const token = tokens[at];
    if (!token || (text !== undefined && token.text !== text))
      throw new Error(`card template: expected ${text ?? 'more'} in "${source}"`);
    at++;
    return token;
  };

  const primary = (): Expression => {
    const token = take();
    if (token.kind === 'string') return () => token.text;
    if (token.kind === 'number') {
      const value = Number(token.text);
      return () => value;
    }
    if (token.kind === 'op' && token.text === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token.kind === 'op' && token.text === '!') {
      const operand = primary();
      return (scope) => !logicTrue(operand(scope, false));
    }
    if (token.kind !== 'name') throw new Error(`card template: unexpected "${token.text}" in "${source}"`);
    if (peek()?.text === '(') return call(token.text);
    if (token.text === 'true' || token.text === 'false') {
      const value = token.text === 'true';
      return () => value;
    }
    if (token.text === 'null') return () => null;
    return path(token.text);
  };

  const call = (name: string): Expression => {
    take('(');
    const args: Expression[] = [];
    if (peek()?.text !== ')') {
      args.push(or());
      while (peek()?.text === ',') {
        take(',');
        args.push(or());
      }
    }
    take(')');
    const [first, second, third] = args;
    if (name === 'count' && first && args.length === 1) {
      return (scope, substitute) => {
        const value = first(scope, substitute);
        if (typeof value === 'string' || Array.isArray(value)) return value.length;
        if (typeof value === 'object' && value !== null) return Object.keys(value).length;
        throw new Error('card template: count of a non-collection');
      };
    }
    if (name === 'if' && first && second && third && args.length === 3) {
      return (scope, substitute) =>
        logicTrue(first(scope, false)) ? second(scope, substitute) : third(scope, substitute);
    }
    throw new Error(`card template: unsupported function ${name}/${args.length} in "${source}"`);
  };

  const comparison = (): Expression => {
    const left = primary();
    const op = peek();
    if (!op || op.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(op.text)) return left;
    take();
    const right = primary();
    if (op.text === '==') return (scope, substitute) => equals(left(scope, substitute), right(scope, substitute));
    if (op.text === '!=') return (scope, substitute) => !equals(left(scope, substitute), right(scope, substitute));
    return (scope, substitute) => compare(op.text, left(scope, substitute), right(scope, substitute));
  };

  const and = (): Expression => {
    let left = comparison();
    while (peek()?.text === '&&') {
      take();
      const [a, b] = [left, comparison()];
      left = (scope) => logicTrue(a(scope, false)) && logicTrue(b(scope, false));
    }
    return left;
  };

  const or = (): Expression => {
    let left = and();
    while (peek()?.text === '||') {
      take();
      const [a, b] = [left, and()];
      left = (scope) => logicTrue(a(scope, false)) || logicTrue(b(scope, false));
    }
    return left;
  };

  const expression = or();
  if (at !== tokens.length) throw new Error(`card template: unexpected "${tokens[at]?.text}" in "${source}"`);
  return expression;
}

/** A dotted path: `$root.` and `$data.` start from those; a bare name starts from the current data. */
function path(text: string): Expression {
  const names = text.split('.');
  const head = names[0] as string;
  const start: (scope: Scope) => unknown =
    head === '$root'
      ? (scope) => scope.root
      : head === '$data'
        ? (scope) => scope.data
        : head === '$index'
          ? (scope) => scope.index
          : head.startsWith('$')
            ? () => undefined
            : (scope) => property(scope.data, head);
  const rest = names.slice(1);
  return (scope, substitute) => {
    let value = start(scope);
    for (const name of rest) value = property(value, name);
    return value == null && substitute ? `\${${text}}` : value;
  };
}

/** A property by its exact name, else ignoring case (as the package does); undefined when absent. */
function property(instance: unknown, name: string): unknown {
  if (!instance || typeof instance !== 'object') return undefined;
  if (Array.isArray(instance)) {
    const index = Number(name);
    return Number.isInteger(index) ? instance[index] : undefined;
  }
  const record = instance as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}
