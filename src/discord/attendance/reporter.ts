import type { Paced } from '../../sessions/send-window.ts';
import { Routes, type REST } from 'discord.js';
import { sessionLanguage, type SessionState } from '../../domain/session.ts';
import type { Timeline } from '../../domain/timeline.ts';
import type { SettingsRepo } from '../../guilds/settings-repo.ts';
import type { Logger } from '../../log.ts';
import type { ClassLog } from '../../members/class-log.ts';
import { type ReportSources, reportOn } from '../../schedule/attendance.ts';
import { scheduleIdOfHost } from '../../schedule/around-starts.ts';
import type { SessionHooks } from '../../sessions/runner.ts';
import { NO_PINGS } from '../markup.ts';
import { reportText } from './report-text.ts';

export interface ReporterDeps {
  rest: REST;
  settings: Pick<SettingsRepo, 'get'>;
  classLog: Pick<ClassLog, 'get'>;
  sources: ReportSources;
  log: Logger;
  /** A turn in the bot's post budget. */
  paced?: Paced;
}

/**
 * After each scheduled class: the attendance report in the server's report channel (set with
 * `/yin settings attendance-channel`, one only organisers see), in the class's language. Runs
 * after the notes listener, which writes the class log it reads.
 */
export class AttendanceReporter implements SessionHooks {
  readonly #d: ReporterDeps;

  constructor(d: ReporterDeps) {
    this.#d = d;
  }

  async ended(s: SessionState, tl: Timeline): Promise<void> {
    if (scheduleIdOfHost(s.hostId) === undefined) return;
    const channelId = (await this.#d.settings.get(s.guildId)).attendanceChannelId;
    if (!channelId) return;
    const c = await this.#d.classLog.get(s.guildId, s.id);
    if (!c) return;
    const report = await reportOn(this.#d.sources, c);
    const content = reportText({ title: tl.sequence.name, startedAt: c.startedAt, report }, sessionLanguage(s));
    try {
      const post = () =>
        this.#d.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: NO_PINGS } });
      await (this.#d.paced ? this.#d.paced(post) : post());
    } catch (err) {
      this.#d.log.warn(
        { event: 'attendance.report_failed', channel: channelId, session: s.id, err: (err as Error).message },
        'could not post the attendance report',
      );
    }
  }
}
