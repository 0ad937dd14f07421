import type { EventStatus } from './ports.ts';
import type { Schedule } from './schedule.ts';

/*
 * Which Discord event a schedule should have, as pure functions: the use cases in around-starts.ts
 * read the facts (the schedule, its next start, whether its session runs), ask here, and do
 * what comes back.
 */

export type EventFacts = Pick<Schedule, 'paused' | 'eventId' | 'eventFor' | 'skipEventFor'>;

/**
 * What to do about a schedule's event: delete `remove` (the event it has now), create one for
 * the start at `create`. Both absent: leave everything as it is. Whenever the event changes,
 * the schedule's stored eventId/eventFor change with it (cleared, or set to the new event).
 */
export interface EventPlan {
  remove?: string;
  create?: number;
}

/**
 * One event per schedule, announcing its next start — unless:
 * - a session of this schedule is running: it owns the current event until it ends (`running`);
 * - the event already announces that start;
 * - the schedule is paused, or never runs again: no event;
 * - an organiser deleted or canceled the event of that start (`skipEventFor`): not put back.
 * `next` is the rule's next occurrence (paused or not: a paused schedule counts as none).
 */
export function planEvent(s: EventFacts, next: number | undefined, running: boolean): EventPlan {
  if (running) return {};
  const target = s.paused ? undefined : next;
  if (s.eventId && s.eventFor === target) return {};
  const plan: EventPlan = {};
  // An event for another start announces one that passed without a session (skipped after
  // downtime), or one of a schedule now paused.
  if (s.eventId) plan.remove = s.eventId;
  if (target !== undefined && target !== s.skipEventFor) plan.create = target;
  return plan;
}

/**
 * After an occurrence (its session ended, or it could not start): the status that closes its
 * event, or undefined to leave it. Active → completed; never active (the start failed) →
 * canceled, which is the truth; completed, canceled or gone → nothing to do.
 */
export function closingStatus(current: EventStatus | undefined): EventStatus | undefined {
  if (current === 'active') return 'completed';
  if (current === 'scheduled') return 'canceled';
  return undefined;
}

/** The event announcing the start at `occurrenceMs`, if the schedule has one. */
export function eventAnnouncing(s: Pick<Schedule, 'eventId' | 'eventFor'>, occurrenceMs: number): string | undefined {
  return s.eventFor === occurrenceMs ? s.eventId : undefined;
}

/**
 * An organiser changed the event in Discord. Their edits stand; only a cancel changes what the
 * bot does: it counts as deleting the event ('gone'). Anything else is just logged ('edited').
 */
export function organiserChange(status: EventStatus): 'gone' | 'edited' {
  return status === 'canceled' ? 'gone' : 'edited';
}
