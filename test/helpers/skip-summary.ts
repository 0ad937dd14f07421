import type { Reporter, TestCase, TestModule, TestSpecification, TestSuite, Vitest } from 'vitest/node';
import type {} from './skip.ts'; // the TaskMeta.skipReason augmentation

/**
 * A vitest reporter that runs after the default one and says, at the end of the run, which tests
 * did not run and why: grouped by the reason each test gave (skipUnless() in ./skip.ts, or
 * `ctx.skip(note)`), with the command that runs them. Silent when nothing was skipped.
 */

/** One test that did not run. `reason`/`setup` come from the test itself; absent when it gave none. */
export type SkippedCase = {
  file: string;
  name: string;
  reason?: string | undefined;
  setup?: string | undefined;
  todo?: boolean | undefined;
  /** This run's -t pattern or file:line left it out anyway, whatever its own reason. */
  filteredOut?: boolean | undefined;
};

export type SummaryOptions = {
  /** The command that runs the whole suite. */
  command?: string;
};

const NO_REASON = 'no reason given (a bare .skip, or .only elsewhere in its file)';
const TODO = 'not written yet (test.todo)';

/** The end-of-run text for these skipped tests; '' when there are none. Pure, so it has a unit test. */
export function formatSkipSummary(skipped: readonly SkippedCase[], options: SummaryOptions = {}): string {
  if (skipped.length === 0) return '';
  const command = options.command ?? 'npm test';
  const groups = new Map<string, { reason: string; setup: string | undefined; cases: SkippedCase[] }>();
  let leftOutByFilter = 0;
  for (const c of skipped) {
    if (c.filteredOut) {
      leftOutByFilter++;
      continue;
    }
    const reason = c.reason ?? (c.todo ? TODO : NO_REASON);
    const key = `${reason}\u0000${c.setup ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { reason, setup: c.setup, cases: [] };
      groups.set(key, group);
    }
    group.cases.push(c);
  }

  const lines: string[] = [];
  const listed = skipped.length - leftOutByFilter;
  if (listed > 0) {
    lines.push(`Skipped ${plural(listed, 'test')} — they did not run on this machine:`);
    for (const group of groups.values()) {
      lines.push('', `  ${group.reason} (${plural(group.cases.length, 'test')})`);
      const byFile = new Map<string, string[]>();
      for (const c of group.cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c.name]);
      for (const file of [...byFile.keys()].sort()) {
        lines.push(`    ${file}`);
        for (const name of byFile.get(file)!) lines.push(`      ${name}`);
      }
      if (group.setup) lines.push(`    To run them: ${group.setup} && ${command}`);
    }
    const setups = combineSetups([...groups.values()].map((g) => g.setup).filter((s): s is string => !!s));
    const fixable = [...groups.values()].filter((g) => g.setup).length;
    if (fixable > 1) lines.push('', `To run all of them: ${[...setups, command].join(' && ')}`);
  }
  if (leftOutByFilter > 0) {
    if (listed > 0) lines.push('');
    lines.push(`${plural(leftOutByFilter, 'test')} left out by this run's filter (-t or file:line).`);
  }
  return `${lines.join('\n')}\n`;
}

/** Unique setup steps in order, with every `apt-get install -y …` merged into one. */
export function combineSetups(setups: readonly string[]): string[] {
  const packages: string[] = [];
  const others: string[] = [];
  let aptAt = -1;
  for (const setup of setups) {
    const apt = /^apt-get install -y ((?:[\w.+:-]+\s*)+)$/.exec(setup.trim());
    if (apt) {
      if (aptAt < 0) aptAt = others.length;
      for (const p of apt[1]!.trim().split(/\s+/)) if (!packages.includes(p)) packages.push(p);
    } else if (!others.includes(setup)) {
      others.push(setup);
    }
  }
  if (aptAt >= 0) others.splice(aptAt, 0, `apt-get install -y ${packages.join(' ')}`);
  return others;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the reporter reads off one vitest TestCase; `spec` is the run's request for its file. */
export function toSkippedCase(
  test: TestCase,
  spec: TestSpecification | undefined,
  globalPattern: RegExp | string | undefined,
): SkippedCase {
  const result = test.result();
  const meta = test.meta().skipReason;
  const note = result.state === 'skipped' ? result.note : undefined;
  return {
    file: test.module.relativeModuleId,
    name: test.fullName,
    reason: meta?.reason ?? note,
    setup: meta?.setup,
    todo: test.options.mode === 'todo',
    filteredOut: !!spec && !wasAskedFor(test, spec, globalPattern),
  };
}

/** Whether this run's filters (-t, file:line, test ids or names) selected the test at all. */
function wasAskedFor(test: TestCase, spec: TestSpecification, globalPattern: RegExp | string | undefined): boolean {
  const pattern = spec.testNamePattern ?? globalPattern;
  if (pattern && !test.fullName.match(pattern)) return false;
  if (spec.testIds && !spec.testIds.includes(test.id)) return false;
  if (spec.testNames && !spec.testNames.includes(test.fullName)) return false;
  if (spec.testLines?.length) {
    const lines = new Set(spec.testLines);
    let at: TestCase | TestSuite | TestModule = test;
    while (at.type !== 'module' && !(at.location && lines.has(at.location.line))) at = at.parent;
    if (at.type === 'module') return false;
  }
  return true;
}

export default class SkipSummaryReporter implements Reporter {
  private vitest: Vitest | undefined;
  private specs = new Map<string, TestSpecification>();

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.specs = new Map(specifications.map((s) => [s.moduleId, s]));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const pattern = this.vitest?.config.testNamePattern;
    const skipped = testModules.flatMap((m) =>
      [...m.children.allTests('skipped')].map((t) => toSkippedCase(t, this.specs.get(m.moduleId), pattern)),
    );
    const text = formatSkipSummary(skipped);
    if (!text) return;
    if (this.vitest) this.vitest.logger.log(text);
    else process.stdout.write(text);
  }
}
