import { LANGUAGES } from '../languages.ts';
import { z } from 'zod';
import { ScheduleRuleSchema } from './rule.ts';

/** A recurring practice as stored: one keyv entry per schedule, in its guild's namespace. */
export const ScheduleSchema = z.object({
  id: z.string().min(1),
  guildId: z.string().min(1),
  /** Where the session runs (a voice channel, or a text channel for text-only practice). */
  channelId: z.string().min(1),
  sequenceId: z.string().min(1),
  /** Minutes per pose, overriding the sequence's default; the session layer clamps it. */
  hold: z.number().positive().optional(),
  /**
   * Minutes the whole class lasts (`length:`), planned at each start by `planToLength` (with
   * `hold` pinned when set); a sequence edited since so that it can't be met runs at the nearest
   * length it can.
   */
  length: z.number().int().positive().optional(),
  /** Post a reminder this many minutes before each start; absent or 0 means none. */
  remindMinutes: z.number().int().min(0).max(120).optional(),
  /** The language of its sessions, reminders and notices; absent: the server's at each start. */
  language: z.enum(LANGUAGES).optional(),
  /** Places per class (`capacity:`); more sign-ups go on a waitlist. Absent: unlimited. */
  capacity: z.number().int().positive().optional(),
  /** Role mentioned in the reminder and at the start. */
  roleId: z.string().min(1).optional(),
  rule: ScheduleRuleSchema,
  /** Who teaches it (`teacher:`): named in the reminder, the opening and the event; holds the controls. */
  teacherId: z.string().min(1).optional(),
  /** Who took one start (epoch ms) from a substitute request: they teach that start only. */
  substitute: z.object({ for: z.number().int(), userId: z.string().min(1) }).optional(),
  /** An open substitute request for one start: who asked, and its post in the schedule's channel. */
  subRequest: z.object({ for: z.number().int(), by: z.string().min(1), messageId: z.string().min(1) }).optional(),
  /** User id of the organiser who added it. */
  createdBy: z.string().min(1),
  paused: z.boolean(),
  /** Discord scheduled event announcing the next occurrence, if one was created. */
  eventId: z.string().min(1).optional(),
  /** The occurrence (epoch ms) that `eventId` announces. */
  eventFor: z.number().int().optional(),
  /**
   * An occurrence whose event an organiser deleted or canceled in Discord: the bot doesn't put
   * it back (no fighting), and announces the occurrence after it instead.
   */
  skipEventFor: z.number().int().optional(),
  /**
   * The bot could not create this schedule's events (no Create Events) and its channel has been
   * told so, once; cleared when an event is created again.
   */
  eventsBlocked: z.boolean().optional(),
  /** The occurrence (epoch ms) most recently started — not the wall time it actually ran. */
  lastRunAt: z.number().int().optional(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** Discord lists at most 25 autocomplete choices, and a guild rarely needs more practices. */
export const MAX_SCHEDULES_PER_GUILD = 25;

/** What `add` needs: everything but the id it assigns (and `paused`, which defaults to false). */
export type NewSchedule = Omit<Schedule, 'id' | 'paused'> & { paused?: boolean };

/** Fields `update` may change; id and guild are fixed for life. */
export type SchedulePatch = Partial<Omit<Schedule, 'id' | 'guildId'>>;
