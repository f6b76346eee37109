import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const reporter = path.join(root, 'test', 'support', 'summary-reporter.js');
const { summaryLine } = require(reporter) as { summaryLine: (results: unknown) => string };

/** Runs a real jest over the given test files (plain JS, no setup) and returns its exit code and output. */
function runJest(files: Record<string, string>): { status: number | null; stdout: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'summary-reporter-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const config = { rootDir: dir, testEnvironment: 'node', testMatch: ['**/*.test.js'], reporters: [reporter] };
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        JSON.stringify(config),
        '--no-watchman',
        '-i',
      ],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    return { status: run.status, stdout: run.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const passing = "test('adds', () => expect(1 + 1).toBe(2));\n";

describe('the closing test line', () => {
  it("counts a test file that fails to load as a failure, as jest's exit code does", () => {
    const run = runJest({
      'ok.test.js': passing,
      'broken.test.js': "require('./no-such-module');\ntest('never runs', () => {});\n",
    });
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed (1 test file failed to run)');
  }, 60_000);

  it('counts a test file whose hook outside every test throws as a failure', () => {
    const run = runJest({
      'ok.test.js': passing,
      'hook.test.js': "afterAll(() => { throw new Error('teardown'); });\ntest('runs', () => {});\n",
    });
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed/);
  }, 60_000);

  it('says what passed and failed when every file ran', () => {
    const results = {
      numPassedTests: 3,
      numFailedTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [
        { numFailingTests: 1, failureMessage: 'expected 2' },
        { numFailingTests: 0, failureMessage: null },
      ],
    };
    expect(summaryLine(results)).toBe('3 passed, 1 failed');
    expect(summaryLine({ ...results, numFailedTests: 0, numPendingTests: 2, testResults: [] })).toBe(
      '3 passed, 0 failed, 2 skipped',
    );
  });
});
