import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository stands alone: a plain clone with nothing beside it builds, tests and reads well.
 * The folder of planning notes the project grew beside is not part of it, so no tracked file may
 * point there — not code, tests, scripts, nor a README link.
 */
const root = path.resolve(__dirname, '..', '..');
// Spelled so that this file does not name the folder itself.
const outside = ['..', 'SHARED'.toLowerCase()];
/** The folder as a relative path (either slash), or as path.join's arguments. */
const reachesOutside = new RegExp(
  [`\\.\\.[\\\\/]${outside[1]}\\b`, `'\\.\\.',\\s*'${outside[1]}'`, `"\\.\\.",\\s*"${outside[1]}"`].join('|'),
);

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && !/\.(png|zip|ico)$/.test(file));

describe('the repository stands alone', () => {
  it('tracks a few hundred files (the list is real)', () => {
    expect(tracked).toContain('package.json');
    expect(tracked).toContain('schemas/adaptive-card-1.5.json');
  });

  it(`no tracked file refers to ${outside.join('/')}`, () => {
    const offenders = tracked.filter((file) => reachesOutside.test(readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the guard recognises each way a file could reach outside', () => {
    for (const text of [
      `see ${outside.join('/')}/POLICY.md`,
      `path.join(__dirname, '..', '${outside[1]}', 'x')`,
      `[policy](${outside.join('\\')}\\POLICY.md)`,
    ]) {
      expect(reachesOutside.test(text)).toBe(true);
    }
    expect(reachesOutside.test("path.join(__dirname, '..', 'schemas')")).toBe(false);
  });

  it('the Adaptive Card schema is the upstream file schemas/README.md names, unchanged', () => {
    const readme = readFileSync(path.join(root, 'schemas', 'README.md'), 'utf8');
    const digest = createHash('sha256')
      .update(readFileSync(path.join(root, 'schemas', 'adaptive-card-1.5.json')))
      .digest('hex');
    expect(readme).toContain(digest);
    expect(tracked).toContain('schemas/LICENSE-adaptive-cards.txt');
  });
});
