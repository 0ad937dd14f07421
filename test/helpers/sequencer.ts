import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest: they wait on real time (audio at 20 ms a frame, bot processes
 * killed and restarted, two machines sharing a budget) and no clock can hurry them. Started
 * first, they run beside the many short files instead of after them; vitest's own order puts
 * each project's files together and, on a clean clone with no timings cached, the largest files
 * first, which is not the same. In this order, not by length alone: the voice files (the bot
 * encodes and the voice stand-in decrypts and recognises 50 packets a second each) alternate
 * with the bot-process ones, so the first workers don't all want the CPU at once. Seconds as
 * measured on a 2-core machine.
 */
const LONGEST: [file: string, seconds: number][] = [
  ['test/system/machines.test.ts', 126],
  ['test/e2e/e2e-languages-voice.test.ts', 90],
  ['test/system/rehearse.test.ts', 72],
  ['test/e2e/voice-e2e-controls.test.ts', 66],
  ['test/system/e2e-library-restart.test.ts', 36],
  ['test/e2e/voice-status-faults.test.ts', 62],
  ['test/system/faults-redis.test.ts', 32],
  ['test/e2e/voice-e2e-sound.test.ts', 53],
  ['test/system/e2e-class-restart.test.ts', 28],
  ['test/e2e/voice-e2e.test.ts', 51],
  ['test/system/e2e-opening-restart.test.ts', 24],
  ['test/e2e/voice-e2e-arrival.test.ts', 50],
  ['test/system/activity-browser.test.ts', 24],
  ['test/e2e/e2e-languages-voice-pt.test.ts', 47],
  ['test/e2e/voice-e2e-moments.test.ts', 43],
  ['test/e2e/voice-e2e-sleep.test.ts', 31],
  ['test/e2e/requests-per-session.test.ts', 30],
  ['test/e2e/e2e-library.test.ts', 28],
  ['test/e2e/voice-status.test.ts', 28],
  ['test/e2e/permissions-install.test.ts', 24],
];

/** Within each group of projects that run together: the longest files first, then vitest's order. */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = LONGEST.findIndex(([file]) => spec.moduleId.endsWith(`/${file}`));
      return i === -1 ? LONGEST.length : i;
    };
    const group = (spec: TestSpecification): number => spec.project.config.sequence.groupOrder;
    return [...sorted].sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}
