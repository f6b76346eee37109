import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Parser from 'tree-sitter';
import Bicep from 'tree-sitter-bicep';

/** A node of a Bicep syntax tree. */
export type BicepNode = Parser.SyntaxNode;

/** A parsed Bicep file. */
export interface BicepFile {
  path: string;
  source: string;
  root: BicepNode;
}

/** A place where the parser could not follow the Bicep grammar (1-based line and column). */
export interface SyntaxProblem {
  kind: 'ERROR' | 'MISSING';
  line: number;
  column: number;
  text: string;
}

/** A `param` declaration. */
export interface BicepParameter {
  name: string;
  type: string;
  /** The default value expression, when the declaration has one. */
  defaultValue?: BicepNode;
  /** Decorators by name (`secure`, `minValue`, …) with their argument nodes. */
  decorators: Map<string, BicepNode[]>;
}

/** A `resource` declaration, nested ones included, with loops and conditions unwrapped. */
export interface BicepResource {
  symbol: string;
  /** Full resource type, e.g. `Microsoft.Web/sites` (nested child types are expanded). */
  type: string;
  apiVersion: string;
  existing: boolean;
  body?: BicepNode;
  line: number;
}

/** A `module` declaration. */
export interface BicepModule {
  symbol: string;
  /** Path of the module file as written in the template (relative to it). */
  path: string;
  body?: BicepNode;
}

/** An `output` declaration. */
export interface BicepOutput {
  name: string;
  type: string;
  value: BicepNode;
}

const parser = new Parser();
parser.setLanguage(Bicep as unknown as Parser.Language);

/** Parses Bicep source text into a syntax tree (syntax only: no type or scope checks). */
export function parseBicep(source: string): BicepNode {
  return parser.parse(source).rootNode;
}

/** Reads and parses a Bicep file. */
export function readBicep(file: string): BicepFile {
  const source = readFileSync(file, 'utf8');
  return { path: file, source, root: parseBicep(source) };
}

/** Every `.bicep` file under a folder, recursively, sorted. */
export function bicepFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.bicep'))
    .map((name) => path.join(dir, name))
    .sort();
}

/** Every ERROR and MISSING node of a tree, with its 1-based position. */
export function syntaxProblems(root: BicepNode): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: BicepNode): void => {
    if (node.isError || node.isMissing) {
      problems.push({
        kind: node.isMissing ? 'MISSING' : 'ERROR',
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        text: node.isMissing ? node.type : node.text.split('\n')[0].slice(0, 60),
      });
    }
    if (node.hasError || node.isMissing) node.children.forEach(visit);
  };
  visit(root);
  return problems;
}

const significant = (node: BicepNode): BicepNode[] => node.namedChildren.filter((child) => child.type !== 'comment');

/** The decorators written directly above a top-level declaration. */
function decoratorsOf(declaration: BicepNode): Map<string, BicepNode[]> {
  const found = new Map<string, BicepNode[]>();
  let previous = declaration.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  if (previous?.type !== 'decorators') return found;
  for (const decorator of significant(previous)) {
    const call = significant(decorator)[0];
    const name = (call?.childForFieldName('function')?.text ?? call?.text ?? '').replace(/^sys\./, '');
    found.set(name, significant(call?.childForFieldName('arguments') ?? decorator));
  }
  return found;
}

/** Every `param` declaration of a file. */
export function parameters(root: BicepNode): BicepParameter[] {
  return significant(root)
    .filter((node) => node.type === 'parameter_declaration')
    .map((node) => {
      const [name, type, defaultValue] = significant(node);
      return { name: name.text, type: type.text, defaultValue, decorators: decoratorsOf(node) };
    });
}

/** Every `var` declaration of a file, by name, with its value expression. */
export function variables(root: BicepNode): Map<string, BicepNode> {
  const found = new Map<string, BicepNode>();
  for (const node of significant(root).filter((child) => child.type === 'variable_declaration')) {
    const [name, value] = significant(node);
    found.set(name.text, value);
  }
  return found;
}

/** Every `output` declaration of a file. */
export function outputs(root: BicepNode): BicepOutput[] {
  return significant(root)
    .filter((node) => node.type === 'output_declaration')
    .map((node) => {
      const [name, type, value] = significant(node);
      return { name: name.text, type: type.text, value };
    });
}

/** The object a resource or module body stands for, looking through `if (…)` and `[for …]`. */
function bodyObject(node: BicepNode | undefined): BicepNode | undefined {
  if (!node) return undefined;
  if (node.type === 'object') return node;
  if (node.type === 'if_statement') return significant(node).find((child) => child.type === 'object');
  if (node.type === 'for_statement') return bodyObject(node.childForFieldName('body') ?? undefined);
  return undefined;
}

/** Every resource of a file, nested child resources included (their type prefixed with the parent's). */
export function resources(root: BicepNode): BicepResource[] {
  const found: BicepResource[] = [];
  const visit = (node: BicepNode, parentType?: string, parentApiVersion?: string): void => {
    for (const child of significant(node)) {
      if (child.type === 'resource_declaration') {
        const [symbol, typeString, body] = significant(child);
        const [written, version] = (stringLiteral(typeString) ?? typeString.text).split('@');
        const type = parentType && !written.includes('/') ? `${parentType}/${written}` : written;
        const apiVersion = version ?? parentApiVersion ?? '';
        const object = bodyObject(body);
        const existing = child.children.some((token) => token.type === 'existing');
        found.push({
          symbol: symbol.text,
          type,
          apiVersion,
          existing,
          body: object,
          line: child.startPosition.row + 1,
        });
        if (object) visit(object, type, apiVersion);
      } else if (child.type === 'object_property' && parentType) {
        visit(child, parentType, parentApiVersion);
      }
    }
  };
  visit(root);
  return found;
}

/** Every `module` declaration of a file. */
export function modules(root: BicepNode): BicepModule[] {
  return significant(root)
    .filter((node) => node.type === 'module_declaration')
    .map((node) => {
      const [symbol, pathString, body] = significant(node);
      return { symbol: symbol.text, path: stringLiteral(pathString) ?? pathString.text, body: bodyObject(body) };
    });
}

/** The key and value nodes of every property of an object. */
export function objectEntries(object: BicepNode | undefined): [string, BicepNode][] {
  if (object?.type !== 'object') return [];
  return significant(object)
    .filter((child) => child.type === 'object_property')
    .map((property) => {
      const parts = significant(property);
      const key = parts[0];
      return [key.type === 'string' ? (stringLiteral(key) ?? key.text) : key.text, parts[parts.length - 1]];
    });
}

/** The value at a property path of an object (`property(body, 'properties', 'siteConfig')`). */
export function property(object: BicepNode | undefined, ...keys: string[]): BicepNode | undefined {
  let current = object;
  for (const key of keys) {
    current = objectEntries(current).find(([name]) => name === key)?.[1];
    if (!current) return undefined;
  }
  return current;
}

/** The elements of an array literal. */
export function arrayItems(node: BicepNode | undefined): BicepNode[] {
  if (node?.type !== 'array') return [];
  return significant(node).filter((child) => child.type !== 'decorators');
}

/** The value of a string literal without interpolation, or undefined for anything else. */
export function stringLiteral(node: BicepNode | undefined): string | undefined {
  if (node?.type !== 'string' || node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  if (node.text.startsWith("'''")) return node.text.slice(3, -3);
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
  return node.text.slice(1, -1).replace(/\\(.)/g, (_match, char: string) => escapes[char] ?? char);
}

/** The value of a string, number, boolean or null literal, or undefined for any other expression. */
export function literal(node: BicepNode | undefined): string | number | boolean | null | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return stringLiteral(node);
  if (node.type === 'number') return Number(node.text);
  if (node.type === 'boolean') return node.text === 'true';
  if (node.type === 'null') return null;
  return undefined;
}

/** Identifiers named `name` anywhere under `root` other than the name of a declaration or property key. */
export function references(root: BicepNode, name: string): BicepNode[] {
  const declarations = new Set([
    'parameter_declaration',
    'variable_declaration',
    'output_declaration',
    'resource_declaration',
    'module_declaration',
    'type_declaration',
  ]);
  return root.descendantsOfType('identifier').filter((node) => {
    if (node.text !== name) return false;
    const parent = node.parent;
    if (!parent) return true;
    const first = significant(parent)[0];
    const isDeclaredName = declarations.has(parent.type) && first?.id === node.id;
    const isPropertyKey = parent.type === 'object_property' && first?.id === node.id;
    return !isDeclaredName && !isPropertyKey;
  });
}

/** The loop variable, the iterated expression and the body of a `[for x in xs: body]` expression. */
export function loopParts(node: BicepNode | null | undefined): {
  variable: string;
  iterable: BicepNode;
  body: BicepNode;
} {
  if (node?.type !== 'for_statement') throw new Error(`expected a [for …] loop, found ${node?.type ?? 'nothing'}`);
  const variable = node.childForFieldName('initializer');
  const body = node.childForFieldName('body');
  const iterable = significant(node).find((child) => child.id !== variable?.id && child.id !== body?.id);
  if (!variable || !body || !iterable) throw new Error(`cannot read the loop at line ${node.startPosition.row + 1}`);
  return { variable: variable.text, iterable, body };
}

/** Checks a value against a parameter's type and its @allowed/@minLength/@maxLength/@minValue/@maxValue. */
export function constraintProblems(parameter: BicepParameter, value: unknown): string[] {
  const problems: string[] = [];
  const bound = (name: string): number | undefined => {
    const found = literal(parameter.decorators.get(name)?.[0]);
    return typeof found === 'number' ? found : undefined;
  };
  const jsTypes: Record<string, string> = { string: 'string', int: 'number', bool: 'boolean', object: 'object' };
  const expected = jsTypes[parameter.type];
  if (expected && typeof value !== expected) problems.push(`${parameter.name}: expected ${parameter.type}`);
  if (parameter.type === 'array' && !Array.isArray(value)) problems.push(`${parameter.name}: expected array`);
  const allowed = parameter.decorators.get('allowed');
  if (allowed && !arrayItems(allowed[0]).some((item) => literal(item) === value)) {
    problems.push(`${parameter.name}: ${JSON.stringify(value)} is not @allowed`);
  }
  const size = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
  const outside = (actual: number | undefined, min: number | undefined, max: number | undefined): boolean =>
    actual !== undefined && ((min !== undefined && actual < min) || (max !== undefined && actual > max));
  if (outside(size, bound('minLength'), bound('maxLength'))) problems.push(`${parameter.name}: length out of range`);
  const numeric = typeof value === 'number' ? value : undefined;
  if (outside(numeric, bound('minValue'), bound('maxValue'))) problems.push(`${parameter.name}: value out of range`);
  return problems;
}

/** An expression together with the file it is written in. */
export interface Located {
  node: BicepNode;
  file: BicepFile;
}

/** A resource together with the file that declares it. */
export interface FileResource extends BicepResource {
  file: BicepFile;
}

/** A template and its modules, read together so values can be followed across module boundaries. */
export class BicepProject {
  /** Every parsed `.bicep` file under the folder. */
  readonly files: BicepFile[];

  constructor(readonly dir: string) {
    this.files = bicepFilesUnder(dir).map(readBicep);
  }

  /** The parsed file at a path relative to the folder; throws if it is not there. */
  file(name: string): BicepFile {
    const found = this.files.find((file) => file.path === path.join(this.dir, name));
    if (!found) throw new Error(`${name} is missing from ${this.dir}`);
    return found;
  }

  /** Every resource of every file. */
  resources(): FileResource[] {
    return this.files.flatMap((file) => resources(file.root).map((resource) => ({ ...resource, file })));
  }

  /** The resource type a symbol names in a file. */
  typeOfSymbol(file: BicepFile, symbol: string): string | undefined {
    return resources(file.root).find((resource) => resource.symbol === symbol)?.type;
  }

  /** The parsed file a `module` declaration deploys, if it exists. */
  moduleFile(from: BicepFile, module: BicepModule): BicepFile | undefined {
    const target = path.resolve(path.dirname(from.path), module.path);
    return this.files.find((file) => file.path === target);
  }

  /** The file and `module` declaration that deploy a module file, if any. */
  callerOf(file: BicepFile): { file: BicepFile; module: BicepModule } | undefined {
    for (const candidate of this.files) {
      const module = modules(candidate.root).find((declared) => this.moduleFile(candidate, declared) === file);
      if (module) return { file: candidate, module };
    }
    return undefined;
  }

  /** Follows variables, and module parameters to the value the calling template passes. */
  resolve(node: BicepNode, file: BicepFile): Located {
    if (node.type === 'identifier') {
      const variable = variables(file.root).get(node.text);
      if (variable) return this.resolve(variable, file);
      if (parameters(file.root).some((parameter) => parameter.name === node.text)) {
        const caller = this.callerOf(file);
        const passed = caller && property(caller.module.body, 'params', node.text);
        if (caller && passed) return this.resolve(passed, caller.file);
      }
    }
    return { node, file };
  }

  /** Follows `<module>.outputs.<name>` to the value of that output inside the module. */
  followOutput(located: Located): Located {
    const match = /^(\w+)\.outputs\.(\w+)$/.exec(located.node.text);
    const module = match && modules(located.file.root).find((declared) => declared.symbol === match[1]);
    const file = module ? this.moduleFile(located.file, module) : undefined;
    const output = match && file && outputs(file.root).find((declared) => declared.name === match[2]);
    return file && output ? this.followOutput(this.resolve(output.value, file)) : located;
  }

  /** Every string literal inside an expression, with variables and module parameters followed. */
  literalsIn(located: Located): string[] {
    const { node, file } = this.resolve(located.node, located.file);
    const own = stringLiteral(node);
    if (own !== undefined) return [own];
    return node.namedChildren.flatMap((child) => this.literalsIn({ node: child, file }));
  }
}
