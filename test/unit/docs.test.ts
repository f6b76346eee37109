import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { settingNames } from '../../src/config';

/**
 * The documentation a newcomer reads: README.md and every page under docs/. Every relative link
 * must reach a file in the repository (and, for a Markdown file, the heading its anchor names);
 * the README's test command must be the one CI runs; every setting must be on the configuration page.
 */
const root = path.resolve(__dirname, '..', '..');

function markdownUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownUnder(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

const pages = [path.join(root, 'README.md'), ...markdownUnder(path.join(root, 'docs'))];

/** The text without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline `[text](target)` and reference definitions `[label]: target`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const references = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  return [...inline, ...references];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown file offers (a repeated heading gets -1, -2, … as on GitHub). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

const external = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** What is wrong with one link of one page, or undefined when it resolves. */
function problem(page: string, target: string): string | undefined {
  if (external.test(target)) return undefined;
  const [file, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = file ? path.resolve(path.dirname(page), decodeURI(file)) : page;
  const relative = path.relative(root, resolved);
  if (relative.startsWith('..')) return `${target}: outside the repository`;
  if (!existsSync(resolved)) return `${target}: no such file`;
  if (anchor && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(decodeURI(anchor)))
    return `${target}: no heading with that anchor in ${relative}`;
  return undefined;
}

describe('documentation', () => {
  it('finds the README and the docs pages (the list is real)', () => {
    const names = pages.map((page) => path.relative(root, page));
    expect(names).toContain('README.md');
    expect(names).toContain(path.join('docs', 'CONFIGURATION.md'));
    expect(names).toContain(path.join('docs', 'decisions', 'README.md'));
  });

  it('every relative link in README.md and docs/ reaches a file in the repository, and its anchor', () => {
    const broken = pages.flatMap((page) =>
      linkTargets(readFileSync(page, 'utf8'))
        .map((target) => problem(page, target))
        .filter((found): found is string => found !== undefined)
        .map((found) => `${path.relative(root, page)}: ${found}`),
    );
    expect(broken).toEqual([]);
  });

  it('the link check sees what it must and only that', () => {
    const sample = [
      '# Sikkerhedsbot — the policy',
      '## Tests and CI',
      '## Tests and CI',
      'See [a](docs/A.md#tests-and-ci) and [b](B.md) and [c](https://example.org) `[d](not-a-link.md)`.',
      '```',
      '[e](inside-code.md)',
      '```',
      '[f]: ref.md',
    ].join('\n');
    expect(linkTargets(sample)).toEqual(['docs/A.md#tests-and-ci', 'B.md', 'https://example.org', 'ref.md']);
    expect([...anchorsOf(sample)]).toEqual(['sikkerhedsbot--the-policy', 'tests-and-ci', 'tests-and-ci-1']);
    expect(slug('B1 — card actions and messages under load')).toBe('b1--card-actions-and-messages-under-load');
    expect(slug('Runs of 2026-12-07 (#18: API seeding, write floors)')).toBe(
      'runs-of-2026-12-07-18-api-seeding-write-floors',
    );
    expect(problem(path.join(root, 'README.md'), 'docs/NO-SUCH-PAGE.md')).toMatch(/no such file/);
    expect(problem(path.join(root, 'README.md'), 'docs/SECURITY.md#no-such-heading')).toMatch(/no heading/);
    expect(problem(path.join(root, 'README.md'), '../outside.md')).toMatch(/outside the repository/);
    expect(problem(path.join(root, 'README.md'), 'docs/SECURITY.md#role-matrix')).toBeUndefined();
  });

  it("the README's test command is the one CI runs", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const ci = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    const commands = /## Two commands\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(commands).toMatch(/^npm install && npm run dev\b/m);
    expect(commands).toMatch(/^npm test\b/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run test:browser$/m);
    expect(readme).toContain('npm run test:browser');
  });

  it('docs/CONFIGURATION.md describes every setting the bot reads', () => {
    const page = readFileSync(path.join(root, 'docs', 'CONFIGURATION.md'), 'utf8');
    expect(settingNames.length).toBeGreaterThan(30);
    expect(settingNames.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });
});
