// A scheduler over an in-memory store, recording what it starts and reminds of: shared by
// scheduler.test.ts (node-cron on fake timers) and scheduler-clock.test.ts (the test clock).
import Keyv from 'keyv';
import { pino } from 'pino';
import type { Clock } from '../../src/domain/clock.ts';
import { parseRule, type RuleInput } from '../../src/schedule/rule.ts';
import type { NewSchedule } from '../../src/schedule/schedule.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import { SchedulesRepo } from '../../src/schedule/schedules-repo.ts';
import type { ScheduleTrigger } from '../../src/schedule/trigger.ts';

export const iso = (ms: number) => new Date(ms).toISOString();
export type LogLine = { level: number; msg: string; [k: string]: unknown };

/**
 * The store, what was started and reminded (occurrence, and when by `clock`), the log, and
 * `boot()` for a bot process over that store (each pushed onto `running`, to stop after the test).
 */
export function schedulerWorld(o: { clock: Clock; trigger?: ScheduleTrigger; running: Scheduler[] }) {
  const { clock } = o;
  const map = new Map<string, unknown>();
  const repo = new SchedulesRepo((namespace) => new Keyv({ store: map, namespace }));
  const starts: Array<{ occurrence: string; at: string; lateMs: number }> = [];
  const reminders: Array<{ occurrence: string; at: string }> = [];
  const logs: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const boot = () => {
    const s = new Scheduler({
      repo,
      clock,
      ...(o.trigger ? { trigger: o.trigger } : {}),
      log,
      onStart: async (_s, occurrence, lateMs) =>
        void starts.push({ occurrence: iso(occurrence), at: iso(clock.now()), lateMs }),
      onReminder: async (_s, occurrence) => void reminders.push({ occurrence: iso(occurrence), at: iso(clock.now()) }),
    });
    o.running.push(s);
    return s;
  };
  const add = (rule: RuleInput, over: Partial<NewSchedule> = {}) =>
    repo.add({ guildId: 'g1', channelId: 'c1', sequenceId: 'back', createdBy: 'u1', rule: parseRule(rule), ...over });
  const onTime = (...occurrences: string[]) => occurrences.map((x) => ({ occurrence: x, at: x, lateMs: 0 }));
  return { repo, starts, reminders, logs, boot, add, onTime };
}
