// Prints the plain closing line CI reads ("N passed, N failed, N skipped"); jest's own summary is not one it knows.
class SummaryReporter {
  onRunComplete(_contexts, r) {
    process.stdout.write(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
