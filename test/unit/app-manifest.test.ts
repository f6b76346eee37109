import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  appPackageDir,
  MissingVariablesError,
  officialSchemaUrl,
  pngHeader,
  placeholderNames,
  schemaProblems,
  substitutePlaceholders,
  type AppManifest,
} from '../../scripts/app-manifest';
import { AppPackageError, buildAppPackage } from '../../scripts/package-app';

/** The slice of adm-zip read here (the package ships no types). */
interface ZipReader {
  getEntries(): { entryName: string; getData(): Buffer }[];
}
const AdmZip = require('adm-zip') as new (file: string) => ZipReader;

const root = path.resolve(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(appPackageDir, file), 'utf8'));
const manifestSource = readJson('manifest.json') as AppManifest;

/** What a deployment provides: the Teams app id, the bot's Entra app id, the web app's host name. */
const sampleEnv = {
  TEAMS_APP_ID: '3f0c6a2e-5d7b-4c1e-9a8f-2b6d4e8c1a07',
  BOT_ID: 'b7e1d9c4-2a3f-4e5b-8c6d-0f1a2b3c4d5e',
  BOT_DOMAIN: 'app-sikkerhedsbot-prod.azurewebsites.net',
  APP_WEBSITE_URL: 'https://www.egedalkommune.dk',
  APP_PRIVACY_URL: 'https://www.egedalkommune.dk/privatlivspolitik',
  APP_TERMS_OF_USE_URL: 'https://www.egedalkommune.dk/informationssikkerhed',
};
const manifest = substitutePlaceholders(manifestSource, sampleEnv);
const bot = manifest.bots?.[0];

/** The PNG Paeth predictor: whichever of left, up and up-left is nearest to left + up - upLeft. */
function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [left, up, upLeft].map((value) => Math.abs(estimate - value));
  return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
}

/** Decodes an 8-bit, non-interlaced PNG into its channel count and raw pixel bytes (all five row filters). */
function decodePng(bytes: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  const header = pngHeader(bytes);
  if (!header) throw new Error('not a PNG');
  const { width, height, colorType } = header;
  expect({ bitDepth: bytes[24], interlace: bytes[28] }).toEqual({ bitDepth: 8, interlace: 0 });
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number | undefined>)[colorType];
  if (!channels) throw new Error(`PNG colour type ${colorType} (palette) is not decoded here`);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; at += bytes.readUInt32BE(at) + 12)
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT')
      idat.push(bytes.subarray(at + 8, at + 8 + bytes.readUInt32BE(at)));
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth(left, up, upLeft) : 0][filter];
      pixels[y * stride + x] = (raw[y * (stride + 1) + 1 + x] + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

describe('Teams app manifest', () => {
  it('uses a current official schema (1.24 or newer) and is valid under it with real values filled in', () => {
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major === 1 && minor >= 24).toBe(true);
    expect(manifest.$schema).toBe(officialSchemaUrl(manifest.manifestVersion, 'manifest'));
    expect(schemaProblems(manifest, manifest.manifestVersion, 'manifest')).toEqual([]);
  });

  it('really validates: a bot id that is no GUID and an unknown property are refused', () => {
    const broken = { ...manifest, extra: true, bots: [{ ...bot, botId: 'sikkerhedsbot' }] };
    const problems = schemaProblems(broken, manifest.manifestVersion, 'manifest');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/bots\/0\/botId /),
        '/ must NOT have additional properties: extra',
      ]),
    );
  });

  it('takes the app id, bot id, bot domain and developer links from the environment', () => {
    expect(placeholderNames(manifestSource).sort()).toEqual(Object.keys(sampleEnv).sort());
    expect(manifest).toMatchObject({ id: sampleEnv.TEAMS_APP_ID, validDomains: [sampleEnv.BOT_DOMAIN] });
    expect(bot).toMatchObject({ botId: sampleEnv.BOT_ID });
  });

  it('is a conversational bot in personal chat, teams and group chats, taking files (evidence, register imports)', () => {
    expect(bot).toMatchObject({
      scopes: ['personal', 'team', 'groupChat'],
      supportsFiles: true,
      isNotificationOnly: false,
    });
  });

  it('offers every command in personal chat, and never lists "mine hændelser" where others read along', () => {
    const titles = (scope: string) =>
      bot?.commandLists?.find((list) => list.scopes.includes(scope))?.commands.map((c) => c.title);
    expect(titles('personal')).toEqual([
      'hjælp',
      'meld hændelse',
      'mine hændelser',
      'åbne hændelser',
      'systemer',
      'gennemgang',
      'godkendelse',
      'roller',
      'henvisninger',
      'godkendelser',
    ]);
    expect(titles('team')).toEqual(['hjælp', 'meld hændelse', 'åbne hændelser']);
    expect(titles('groupChat')).toEqual(['hjælp', 'meld hændelse']);
    expect(bot?.commandLists?.every((list) => list.scopes.length === 1)).toBe(true);
  });

  it('is Danish by default with an English translation', () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'da',
      defaultLanguageFile: 'da.json',
      additionalLanguages: [{ languageTag: 'en', file: 'en.json' }],
    });
  });
});

describe('localization files', () => {
  const da = readJson('da.json') as Record<string, string>;
  const en = readJson('en.json') as Record<string, string>;
  const commandKeys = (bot?.commandLists ?? []).flatMap((list, i) =>
    list.commands.flatMap((_, j) =>
      ['title', 'description'].map((field) => `bots[0].commandLists[${i}].commands[${j}].${field}`),
    ),
  );

  it.each([
    ['da.json', da],
    ['en.json', en],
  ])('%s is valid under the localization schema of the manifest version', (_, strings) => {
    expect(schemaProblems(strings, manifest.manifestVersion, 'localization')).toEqual([]);
  });

  it('translates the message action into English', () => {
    expect(en['composeExtensions[0].commands[0].title']).toBe('Report as security incident');
    expect(en['composeExtensions[0].commands[0].description']).toEqual(expect.any(String));
  });

  it('translates every command title and description into English', () => {
    expect(commandKeys).toHaveLength(30);
    for (const key of commandKeys) expect({ key, english: en[key] }).toEqual({ key, english: expect.any(String) });
    const englishTitles = new Set(commandKeys.filter((key) => key.endsWith('.title')).map((key) => en[key]));
    expect([...englishTitles]).toEqual([
      'help',
      'report incident',
      'my incidents',
      'open incidents',
      'systems',
      'review',
      'approval',
      'roles',
      'referrals',
      'approvals',
    ]);
  });

  it('gives da.json exactly the Danish strings of the manifest itself', () => {
    const { name, description } = readJson('manifest.json');
    const expected: Record<string, string | undefined> = {
      $schema: officialSchemaUrl(manifest.manifestVersion, 'localization'),
      'name.short': name.short,
      'name.full': name.full,
      'description.short': description.short,
      'description.full': description.full,
    };
    bot?.commandLists?.forEach((list, i) =>
      list.commands.forEach(({ title, description }, j) => {
        expected[`bots[0].commandLists[${i}].commands[${j}].title`] = title;
        expected[`bots[0].commandLists[${i}].commands[${j}].description`] = description;
      }),
    );
    manifest.composeExtensions?.forEach((extension, i) =>
      extension.commands?.forEach(({ title, description }, j) => {
        expected[`composeExtensions[${i}].commands[${j}].title`] = title;
        expected[`composeExtensions[${i}].commands[${j}].description`] = description;
      }),
    );
    expect(da).toEqual(expected);
  });
});

describe('icons', () => {
  it('color.png is a 192×192 PNG on a solid background in the accent colour', () => {
    const { width, height, channels, pixels } = decodePng(readFileSync(path.join(appPackageDir, manifest.icons.color)));
    expect({ width, height }).toEqual({ width: 192, height: 192 });
    const corner = [...pixels.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('');
    expect(`#${corner}`.toUpperCase()).toBe(readJson('manifest.json').accentColor.toUpperCase());
    if (channels === 4) expect(pixels[3]).toBe(255);
  });

  it('outline.png is a 32×32 PNG, white on a transparent background', () => {
    const { width, height, channels, pixels } = decodePng(
      readFileSync(path.join(appPackageDir, manifest.icons.outline)),
    );
    expect({ width, height, channels }).toEqual({ width: 32, height: 32, channels: 4 });
    const rgba = Array.from({ length: width * height }, (_, i) => [...pixels.subarray(i * 4, i * 4 + 4)]);
    const drawn = rgba.filter(([, , , alpha]) => alpha > 0);
    expect(rgba.filter(([, , , alpha]) => alpha === 0).length).toBeGreaterThan(width * height * 0.3);
    expect(drawn.length).toBeGreaterThan(width * height * 0.15);
    expect(drawn.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });
});

describe('packaging (npm run package:app)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'app-package-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('zips the filled-in manifest with the icons and both language files at the root', () => {
    const outFile = path.join(dir, 'appPackage.zip');
    buildAppPackage({ outFile, env: sampleEnv });
    const entries = new Map(new AdmZip(outFile).getEntries().map((entry) => [entry.entryName, entry.getData()]));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'da.json', 'en.json', 'manifest.json', 'outline.png']);
    const zipped = String(entries.get('manifest.json'));
    expect(JSON.parse(zipped)).toEqual(manifest);
    expect(zipped).not.toContain('${{');
    for (const icon of ['color.png', 'outline.png'])
      expect(entries.get(icon)?.equals(readFileSync(path.join(appPackageDir, icon)))).toBe(true);
    for (const strings of ['da.json', 'en.json'])
      expect(JSON.parse(String(entries.get(strings)))).toEqual(readJson(strings));
  });

  it('refuses to build when a variable is missing, naming it', () => {
    const { BOT_ID: _botId, BOT_DOMAIN: _domain, ...incomplete } = sampleEnv;
    const build = () => buildAppPackage({ outFile: path.join(dir, 'app.zip'), env: { ...incomplete, BOT_DOMAIN: '' } });
    expect(build).toThrow(MissingVariablesError);
    expect(build).toThrow(/BOT_ID, BOT_DOMAIN$/);
    expect(existsSync(path.join(dir, 'app.zip'))).toBe(false);
  });

  it('refuses a bot domain given as a URL', () => {
    const build = () =>
      buildAppPackage({
        outFile: path.join(dir, 'app.zip'),
        env: { ...sampleEnv, BOT_DOMAIN: 'https://bot.example.dk/' },
      });
    expect(build).toThrow(AppPackageError);
    expect(build).toThrow('validDomains: "https://bot.example.dk/" is not a bare host name');
  });

  it('as a command, exits non-zero and names the missing variable', () => {
    const { TEAMS_APP_ID: _id, ...incomplete } = sampleEnv;
    const run = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/package-app.ts', '--out', path.join(dir, 'app.zip')],
      {
        cwd: root,
        env: { PATH: process.env.PATH, ...incomplete },
        encoding: 'utf8',
      },
    );
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({
      status: 1,
      stderr: 'Set these environment variables for the Teams app manifest: TEAMS_APP_ID',
    });
  });
});
