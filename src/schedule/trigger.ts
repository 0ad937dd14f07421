import { schedule as cronSchedule } from 'node-cron';
import { type Cancel, type Clock, every } from '../domain/clock.ts';
import type { Logger } from '../log.ts';
import { cronLogger } from './cron-logger.ts';
import { nextOccurrences } from './next.ts';
import type { ScheduleRule } from './rule.ts';
import { nearOffsetChange } from './zoned.ts';

/** What woke the scheduler: node-cron, the DST guard beside it, the test clock, or start-up. */
export type Wake = 'cron' | 'dst-guard' | 'clock' | 'catch-up';

/**
 * What a recurring schedule needs from time: to be woken when one of its occurrences may be due.
 * The scheduler then works out which occurrence that is by yin's own rules (one path for every
 * wake-up), so a trigger may wake it early, late or twice: it never decides what starts.
 */
export interface ScheduleTrigger {
  watch(
    rule: ScheduleRule,
    o: { name: string; log: Logger; toleranceMs: number },
    wake: (via: Exclude<Wake, 'catch-up'>) => void,
  ): Cancel;
}

/**
 * Production: node-cron fires the rule's cron expression in its time zone. Around a DST change
 * node-cron skips a time in the spring-forward gap and fires the second of a repeated time, while
 * yin promises "the next valid minute" and "once, the first": so when the next occurrence is
 * within 3 h of an offset change, an alarm on `clock` wakes the scheduler at it too. node-cron
 * reads the system time itself: `clock` must agree with Date.now() (systemClock; under
 * vi.useFakeTimers() both move together).
 */
export function cronTrigger(clock: Clock): ScheduleTrigger {
  return {
    watch(rule, o, wake) {
      let cancelGuard: Cancel | undefined;
      const guard = (): void => {
        cancelGuard?.();
        cancelGuard = undefined;
        const next = nextOccurrences(rule, clock.now(), 1)[0];
        if (next !== undefined && nearOffsetChange(next, rule.timezone))
          cancelGuard = clock.at(next, () => {
            wake('dst-guard');
            guard();
          });
      };
      const task = cronSchedule(
        rule.cron,
        () => {
          wake('cron');
          guard();
        },
        {
          timezone: rule.timezone,
          name: o.name,
          noOverlap: true,
          // node-cron's default (1 s) silently drops a run when the event loop is briefly busy.
          // Late by less than the grace period, a start should still happen (and say so), the
          // same rule as after a restart; the scheduler measures and reports the lateness.
          missedExecutionTolerance: o.toleranceMs,
          logger: cronLogger(o.log),
        },
      );
      task.on('execution:missed', (ctx) => {
        o.log.warn({ occurrence: ctx.date.toISOString() }, 'start missed: the bot was busy past the grace period');
        guard();
      });
      guard();
      return () => {
        cancelGuard?.();
        void task.destroy();
      };
    },
  };
}

/**
 * Tests: an alarm on `clock` at each occurrence by yin's own rules, so a test clock that jumps
 * drives the scheduler through the same path as node-cron does in production.
 */
export function clockTrigger(clock: Clock): ScheduleTrigger {
  return {
    watch: (rule, _o, wake) =>
      every(
        clock,
        (after) => nextOccurrences(rule, after, 1)[0],
        () => wake('clock'),
      ),
  };
}
