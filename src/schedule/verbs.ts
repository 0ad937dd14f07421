import type { Language } from '../languages.ts';
import { InputError } from '../domain/input-error.ts';
import { nextOccurrences } from './next.ts';
import type { ScheduleDeps } from './ports.ts';
import { announceClass, createEventIfAllowed, dropEvent, ensureEvent, eventSpec } from './around-starts.ts';
import { parseRule, type RuleInput } from './rule.ts';
import { MAX_SCHEDULES_PER_GUILD, type Schedule } from './schedule.ts';
import { holdInRange } from '../domain/timeline.ts';
import { lengthRefusal, planToLength } from '../domain/class-length.ts';

/*
 * `/yin schedule add|list|remove|pause|resume`, one function each, over the ports. They check
 * the input (InputError for what the organiser can put right), do the work in an order that
 * never leaves an event without a schedule, and return plain results the handlers render.
 * Who may call them (Manage Events) is the handler's business.
 */

/** `/yin schedule add`, as typed (strings trimmed by the handler; absent options left out). */
export interface AddInput {
  guildId: string;
  channelId: string;
  sequenceId: string;
  rule: RuleInput;
  /** The organiser adding it. */
  createdBy: string;
  hold?: number | undefined;
  /** Minutes the whole class lasts (`length:`), checked here: a length that can't be met is refused. */
  length?: number | undefined;
  /** 0 or absent: no reminder. */
  remindMinutes?: number | undefined;
  roleId?: string | undefined;
  /** Who teaches it (`teacher:`), checked by the handler to be a member of the server. */
  teacherId?: string | undefined;
  /** The practice language (`language:`); absent: the server's at each start. */
  language?: Language | undefined;
  /** Places per class (`capacity:`); absent: unlimited. */
  capacity?: number | undefined;
  /** The language the organiser writes `days:` in (their Discord locale), besides English. */
  readIn?: Language | undefined;
}

export interface AddResult {
  schedule: Schedule;
  /** The first start, which the new event announces. */
  next: number;
  /** The event's title (the sequence's name). */
  title: string;
  /** Undefined when the bot may not create events (it lacks Create Events). */
  eventId: string | undefined;
}

/**
 * Everything is checked first, then the event is created, then the schedule saved with it —
 * and if saving fails the event is deleted again, so there is never an event without a
 * schedule. A schedule goes without an event only when the bot may not create one. Then it is armed.
 */
export async function addSchedule(d: ScheduleDeps, input: AddInput): Promise<AddResult> {
  const { guildId, channelId } = input;
  const sequenceId = input.sequenceId.trim().toLowerCase();
  const catalog = await d.catalogs.load(guildId);
  const sequence = catalog.sequences.get(sequenceId);
  if (!sequence) {
    throw new InputError('schedule.sequenceUnknown', {
      sequence: sequenceId,
      known: [...catalog.sequences.keys()].join(', '),
    });
  }
  if (input.hold !== undefined && !holdInRange(sequence, input.hold)) {
    throw new InputError('session.holdRange', { name: sequence.name, ...sequence.holdMinutes });
  }
  if (input.length !== undefined) {
    const planned = planToLength(sequence, input.length, input.hold);
    if (!planned.ok) throw lengthRefusal(sequence, input.length, planned.miss, input.hold);
  }
  d.channels.checkPractice(guildId, channelId);
  if (input.roleId === guildId) throw new InputError('schedule.everyone');
  const rule = parseRule(input.rule, input.readIn);
  const next = nextOccurrences(rule, d.clock.now(), 1)[0];
  if (next === undefined) throw new InputError('schedule.neverRuns', { cron: rule.cron });
  if ((await d.repo.list(guildId)).length >= MAX_SCHEDULES_PER_GUILD)
    throw new InputError('schedule.full', { max: MAX_SCHEDULES_PER_GUILD });
  const draft = {
    guildId,
    channelId,
    sequenceId,
    createdBy: input.createdBy,
    rule,
    hold: input.hold,
    length: input.length,
    remindMinutes: input.remindMinutes || undefined,
    roleId: input.roleId || undefined,
    language: input.language,
    teacherId: input.teacherId,
    capacity: input.capacity,
  };
  const spec = await eventSpec(d, draft, next);
  if (!spec) throw new InputError('schedule.channelUndescribed');
  // Without Create Events the schedule is still saved and starts on time, with no event: the
  // organiser is told in the reply what to grant (so its channel needn't be told again).
  const eventId = await createEventIfAllowed(d, spec);
  let schedule: Schedule;
  try {
    schedule = await d.repo.add(
      eventId === undefined ? { ...draft, eventsBlocked: true } : { ...draft, eventId, eventFor: next },
    );
  } catch (err) {
    if (eventId !== undefined) {
      await d.events
        .remove(guildId, eventId)
        .catch((e: unknown) =>
          d.log.error({ eventId, err: e }, 'could not delete the event of a schedule that was not saved'),
        );
    }
    throw err;
  }
  d.scheduler.arm(schedule);
  await announceClass(d, schedule, next);
  d.log.info({ event: 'schedule.added', scheduleId: schedule.id, guildId, by: input.createdBy }, 'schedule added');
  return { schedule, next, title: spec.title, eventId };
}

export interface ListedSchedule {
  schedule: Schedule;
  /** Its next start, or undefined when paused or never again. */
  next: number | undefined;
}

/** The guild's schedules, ordered by id, each with its next start. Open to everyone. */
export async function listSchedules(d: ScheduleDeps, guildId: string): Promise<ListedSchedule[]> {
  return (await d.repo.list(guildId)).map((schedule) => ({ schedule, next: d.scheduler.nextRun(schedule) }));
}

async function chosen(d: ScheduleDeps, guildId: string, id: string): Promise<Schedule> {
  const s = await d.repo.get(guildId, id);
  if (!s) throw new InputError('schedule.unknown', { id });
  return s;
}

export interface RemoveResult {
  /** The schedule as it was. */
  schedule: Schedule;
  /** False when its event could not be deleted (the organiser should delete it by hand). */
  eventDropped: boolean;
}

/** Deletes the schedule, its timers and its upcoming event. */
export async function removeSchedule(d: ScheduleDeps, guildId: string, id: string, by: string): Promise<RemoveResult> {
  const s = await chosen(d, guildId, id);
  await d.repo.remove(s.guildId, s.id);
  d.scheduler.disarm(s.id);
  const eventDropped = await dropEvent(d, s).then(
    () => true,
    (err: unknown) => {
      d.log.warn({ scheduleId: s.id, err }, 'could not delete the event of a removed schedule');
      return false;
    },
  );
  d.log.info({ event: 'schedule.removed', scheduleId: s.id, by }, 'schedule removed');
  return { schedule: s, eventDropped };
}

export type PauseResult = { status: 'already' | 'paused'; schedule: Schedule };

export type ResumeResult =
  | { status: 'already'; schedule: Schedule }
  | { status: 'resumed'; schedule: Schedule; next: number | undefined; eventId: string | undefined };

/** Stops the schedule for now, keeping it: disarmed, and its upcoming event removed. */
export async function pauseSchedule(d: ScheduleDeps, guildId: string, id: string, by: string): Promise<PauseResult> {
  const r = await setPaused(d, guildId, id, by, true);
  return { status: r.changed ? 'paused' : 'already', schedule: r.schedule };
}

/** Starts a paused schedule again: armed, and its next start announced. */
export async function resumeSchedule(d: ScheduleDeps, guildId: string, id: string, by: string): Promise<ResumeResult> {
  const r = await setPaused(d, guildId, id, by, false);
  if (!r.changed) return { status: 'already', schedule: r.schedule };
  return { status: 'resumed', schedule: r.schedule, next: d.scheduler.nextRun(r.updated), eventId: r.synced?.eventId };
}

type Paused =
  | { changed: false; schedule: Schedule }
  | { changed: true; schedule: Schedule; updated: Schedule; synced: Schedule | undefined };

async function setPaused(d: ScheduleDeps, guildId: string, id: string, by: string, paused: boolean): Promise<Paused> {
  const s = await chosen(d, guildId, id);
  if (s.paused === paused) return { changed: false, schedule: s };
  // Resuming forgets an event an organiser had deleted: that was about a start now passed or wanted again.
  const updated = await d.repo.update(s.guildId, s.id, paused ? { paused } : { paused, skipEventFor: undefined });
  if (!updated) throw new InputError('schedule.justRemoved');
  if (paused) d.scheduler.disarm(s.id);
  else d.scheduler.arm(updated);
  // Paused: the upcoming event goes; resumed: the next start gets one.
  const synced = await ensureEvent(d, updated);
  d.log.info({ event: paused ? 'schedule.paused' : 'schedule.resumed', scheduleId: s.id, by }, 'schedule changed');
  return { changed: true, schedule: s, updated, synced };
}
