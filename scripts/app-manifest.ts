import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The app package sources: manifest.json, icons and localization files. */
export const appPackageDir = path.resolve(__dirname, '..', 'appPackage');

/** A Teams Toolkit placeholder, `${{NAME}}`, filled from the environment when packaging. */
const placeholder = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The manifest fields the packaging reads; the JSON schema checks the rest. */
export interface AppManifest {
  $schema?: string;
  manifestVersion: string;
  icons: { color: string; outline: string; color32x32?: string };
  bots?: { commandLists?: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[];
  composeExtensions?: {
    botId?: string;
    commands?: {
      id: string;
      type?: string;
      context?: string[];
      title: string;
      description?: string;
      fetchTask?: boolean;
    }[];
  }[];
  validDomains?: string[];
  localizationInfo?: {
    defaultLanguageTag: string;
    defaultLanguageFile?: string;
    additionalLanguages?: { languageTag: string; file: string }[];
  };
}

/** Environment variables are missing or empty for some placeholders. */
export class MissingVariablesError extends Error {
  constructor(readonly names: string[]) {
    super(`Set these environment variables for the Teams app manifest: ${names.join(', ')}`);
    this.name = 'MissingVariablesError';
  }
}

/** Applies `edit` to every string in a JSON value, keys left alone. */
function mapStrings(value: unknown, edit: (text: string) => string): unknown {
  if (typeof value === 'string') return edit(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, edit));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, edit)]));
  return value;
}

/** The names of the `${{NAME}}` placeholders in a JSON value, each once, in order of appearance. */
export function placeholderNames(value: unknown): string[] {
  const names = new Set<string>();
  mapStrings(value, (text) => {
    for (const match of text.matchAll(placeholder)) names.add(match[1]);
    return text;
  });
  return [...names];
}

/**
 * Replaces every `${{NAME}}` in the strings of a parsed JSON value with `env.NAME`.
 *
 * @throws MissingVariablesError naming every placeholder whose variable is unset or empty.
 */
export function substitutePlaceholders<T>(value: T, env: NodeJS.ProcessEnv): T {
  const missing = placeholderNames(value).filter((name) => !env[name]);
  if (missing.length > 0) throw new MissingVariablesError(missing);
  return mapStrings(value, (text) => text.replace(placeholder, (_, name: string) => env[name] ?? '')) as T;
}

/** The offline copy of an official Teams schema shipped in `@microsoft/app-manifest`. */
export function officialSchemaFile(manifestVersion: string, kind: 'manifest' | 'localization'): string {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json';
  const schemaFile = path.join(packageDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, file);
  if (!/^\d+\.\d+$/.test(manifestVersion) || !existsSync(schemaFile))
    throw new Error(`No offline Teams schema for manifestVersion "${manifestVersion}" in @microsoft/app-manifest`);
  return schemaFile;
}

/** The official URL of a schema, as the `$schema` of a manifest or localization file must name it. */
export function officialSchemaUrl(manifestVersion: string, kind: 'manifest' | 'localization'): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/${path.basename(officialSchemaFile(manifestVersion, kind))}`;
}

/**
 * Makes a draft-04 schema compilable by Ajv 8 (draft-07): the meta-schema URL, a root `id` and the
 * boolean `exclusiveMinimum`/`exclusiveMaximum` change; the Teams schemas already use draft-06+ words.
 */
function asDraft07(schema: Record<string, unknown>): Record<string, unknown> {
  if (!String(schema.$schema ?? '').includes('draft-04')) return schema;
  const upgrade = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(upgrade);
    if (!node || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, upgrade(value)]));
    for (const [flag, limit] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (copy[flag] === true) {
        copy[flag] = copy[limit];
        delete copy[limit];
      } else if (copy[flag] === false) delete copy[flag];
    }
    return copy;
  };
  const { id, ...rest } = upgrade(schema) as Record<string, unknown>;
  return {
    ...rest,
    ...(typeof id === 'string' ? { $id: id } : {}),
    $schema: 'http://json-schema.org/draft-07/schema#',
  };
}

const compiled = new Map<string, ValidateFunction>();

/** The validator of a JSON schema file, compiled once. */
function validatorFor(schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    // The official schemas are not Ajv-strict, and some patterns are not valid in unicode mode.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(asDraft07(JSON.parse(readFileSync(schemaFile, 'utf8'))));
    compiled.set(schemaFile, validate);
  }
  return validate;
}

/** What is wrong with a document under an official schema (empty when valid), including its `$schema` URL. */
export function schemaProblems(
  document: unknown,
  manifestVersion: string,
  kind: 'manifest' | 'localization',
): string[] {
  const validate = validatorFor(officialSchemaFile(manifestVersion, kind));
  const problems = validate(document)
    ? []
    : (validate.errors ?? []).map((error) => {
        const { additionalProperty, allowedValues } = error.params as {
          additionalProperty?: string;
          allowedValues?: unknown[];
        };
        const detail = additionalProperty ?? allowedValues?.join(', ');
        return `${error.instancePath || '/'} ${error.message}${detail ? `: ${detail}` : ''}`;
      });
  const url = officialSchemaUrl(manifestVersion, kind);
  const declared = (document as { $schema?: unknown } | null)?.$schema;
  if (declared !== url) problems.push(`/$schema is ${JSON.stringify(declared)}, expected ${url}`);
  return problems;
}

/** Domains in `validDomains` that are not bare host names (Teams refuses a scheme or a path there). */
export function invalidDomains(manifest: AppManifest): string[] {
  return (manifest.validDomains ?? []).filter((domain) => !/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?$/i.test(domain));
}

/** The package files the manifest names besides itself: icons, then localization files. */
export function referencedFiles(manifest: AppManifest): string[] {
  const { icons, localizationInfo: languages } = manifest;
  const files = [icons.color, icons.outline, icons.color32x32, languages?.defaultLanguageFile];
  files.push(...(languages?.additionalLanguages ?? []).map((language) => language.file));
  return [...new Set(files.filter((file): file is string => typeof file === 'string'))];
}

/** Width, height and colour type from a PNG's IHDR chunk; undefined when the bytes are no PNG. */
export function pngHeader(bytes: Buffer): { width: number; height: number; colorType: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR')
    return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25] };
}

/** What is wrong with an icon for Teams: not a PNG, wrong size, or (outline) no alpha channel. */
export function iconProblems(name: string, bytes: Buffer, kind: 'color' | 'outline'): string[] {
  const header = pngHeader(bytes);
  if (!header) return [`${name} is not a PNG file`];
  const size = kind === 'color' ? 192 : 32;
  const problems: string[] = [];
  if (header.width !== size || header.height !== size)
    problems.push(`${name} is ${header.width}×${header.height}, Teams wants ${size}×${size}`);
  if (kind === 'outline' && header.colorType !== 4 && header.colorType !== 6)
    problems.push(`${name} has no alpha channel; the outline icon must be white on transparent`);
  return problems;
}
