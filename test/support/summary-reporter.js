/**
 * Prints the plain closing line `N passed, N failed` (', N skipped' when any), which CI reads
 * whatever the runner.
 *
 * A test file that fails outside its tests — it does not load (syntax error, a missing module, a
 * throwing import) or a hook outside every test throws — has no failing test, yet jest fails the
 * run. Each such file counts as one failure, so the line never says "0 failed" on a failed run;
 * the line then names how many files failed to run.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`\n${summaryLine(results)}\n`);
  }
}

/** The closing line for jest's aggregated results. */
function summaryLine(results) {
  const brokenFiles = results.testResults.filter(
    (file) => file.numFailingTests === 0 && (file.testExecError || file.failureMessage),
  ).length;
  const failed = results.numFailedTests + brokenFiles;
  const skipped = results.numPendingTests + results.numTodoTests;
  const broken = brokenFiles ? ` (${brokenFiles} test file${brokenFiles === 1 ? '' : 's'} failed to run)` : '';
  return `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${broken}`;
}

module.exports = SummaryReporter;
module.exports.summaryLine = summaryLine;
