import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  appPackageDir,
  iconProblems,
  invalidDomains,
  referencedFiles,
  schemaProblems,
  substitutePlaceholders,
  type AppManifest,
} from './app-manifest';

/** The slice of adm-zip used here (the package ships no types). */
interface Zip {
  addFile(entryName: string, content: Buffer): void;
  writeZip(targetFileName: string): void;
}
const AdmZip = require('adm-zip') as new () => Zip;

const usage = `Usage: npm run package:app -- [--out <file>] [--env-file <file>]

Builds the Teams app package (default build/appPackage.zip) from appPackage/: fills every \${{NAME}}
in the manifest from the environment, validates it against the official schema of its version, and
zips it with the icons and localization files.

  --out <file>       where to write the zip
  --env-file <file>  read environment variables from this file first (e.g. .env)`;

/** The app package could not be built; `problems` says why, one line each. */
export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package was not built:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

/** Reads and parses a JSON file of the app package. */
function readJson(sourceDir: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(sourceDir, file), 'utf8'));
}

/**
 * Builds the Teams app zip: manifest.json with its placeholders filled, then the icons and
 * localization files it names, all at the root of the zip.
 *
 * @returns The names of the zip's entries.
 * @throws MissingVariablesError when a placeholder's variable is unset; AppPackageError when a check fails.
 */
export function buildAppPackage(options: { outFile: string; env: NodeJS.ProcessEnv; sourceDir?: string }): string[] {
  const sourceDir = options.sourceDir ?? appPackageDir;
  const manifest = substitutePlaceholders(readJson(sourceDir, 'manifest.json') as AppManifest, options.env);
  const version = manifest.manifestVersion;
  const problems = schemaProblems(manifest, version, 'manifest').map((problem) => `manifest.json ${problem}`);
  problems.push(...invalidDomains(manifest).map((domain) => `validDomains: "${domain}" is not a bare host name`));
  if (problems.length > 0) throw new AppPackageError(problems);

  const contents = new Map<string, Buffer>();
  for (const file of referencedFiles(manifest)) {
    if (path.basename(file) !== file) problems.push(`${file}: keep package files next to manifest.json`);
    else {
      try {
        contents.set(file, readFileSync(path.join(sourceDir, file)));
      } catch {
        problems.push(`${file} is named in the manifest but missing in ${sourceDir}`);
      }
    }
  }
  for (const kind of ['color', 'outline'] as const) {
    const icon = contents.get(manifest.icons[kind]);
    if (icon) problems.push(...iconProblems(manifest.icons[kind], icon, kind));
  }
  const { defaultLanguageFile, additionalLanguages = [] } = manifest.localizationInfo ?? {};
  for (const file of [defaultLanguageFile, ...additionalLanguages.map((language) => language.file)]) {
    const content = file && contents.get(file);
    if (!file || !content) continue;
    const strings = substitutePlaceholders(JSON.parse(content.toString('utf8')), options.env);
    problems.push(...schemaProblems(strings, version, 'localization').map((problem) => `${file} ${problem}`));
    contents.set(file, Buffer.from(`${JSON.stringify(strings, null, 2)}\n`));
  }
  if (problems.length > 0) throw new AppPackageError(problems);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const [file, content] of contents) zip.addFile(file, content);
  mkdirSync(path.dirname(options.outFile), { recursive: true });
  zip.writeZip(options.outFile);
  return ['manifest.json', ...contents.keys()];
}

if (require.main === module) {
  try {
    const { values } = parseArgs({
      options: { out: { type: 'string' }, 'env-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(usage);
    } else {
      if (values['env-file']) process.loadEnvFile(values['env-file']);
      const outFile = path.resolve(values.out ?? path.join(appPackageDir, '..', 'build', 'appPackage.zip'));
      const entries = buildAppPackage({ outFile, env: process.env });
      console.log(`Wrote ${outFile} (${entries.join(', ')})`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
