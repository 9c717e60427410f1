/**
 * Writes the run's totals where `.ci/run` sums every layer's results (`.cache/results-*.json`),
 * in the same fields Vitest's JSON reporter uses.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { FullResult, Reporter, TestCase } from "@playwright/test/reporter";

export default class SummaryReporter implements Reporter {
  private readonly outputFile: string;
  private readonly tests: TestCase[] = [];

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = options.outputFile ?? ".cache/results-e2e.json";
  }

  onTestEnd(test: TestCase): void {
    if (!this.tests.includes(test)) this.tests.push(test);
  }

  onEnd(result: FullResult): void {
    const outcomes = this.tests.map((test) => test.outcome());
    const summary = {
      numPassedTests: outcomes.filter((o) => o === "expected" || o === "flaky").length,
      numFailedTests: outcomes.filter((o) => o === "unexpected").length,
      numPendingTests: outcomes.filter((o) => o === "skipped").length,
      numFlakyTests: outcomes.filter((o) => o === "flaky").length,
      status: result.status,
      durationMs: Math.round(result.duration),
    };
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(summary)}\n`);
  }
}
