import type { ChatInputCommandInteraction } from 'discord.js';
import { reportSources } from '../src/discord/attendance/setup.ts';
import { memberNames } from '../src/discord/attendance/names.ts';
import { reportText } from '../src/discord/attendance/report-text.ts';
import type { BotContext } from '../src/discord/context.ts';
import { requireManageEvents } from '../src/discord/schedule/access.ts';
import { InputError } from '../src/domain/input-error.ts';
import { t } from '../src/i18n.ts';
import { attendanceCsv, type CsvHeadings } from '../src/members/attendance-report.ts';
import { reportOn } from '../src/schedule/attendance.ts';
import { dayRange, wallText } from '../src/schedule/date-range.ts';

/** The CSV's columns, each titled from `attendance.csv_<column>` in the organiser's language. */
const headings = (): CsvHeadings => ({
  when: t('attendance.csv_when'),
  schedule: t('attendance.csv_schedule'),
  sequence: t('attendance.csv_sequence'),
  practised: t('attendance.csv_practised'),
  newcomers: t('attendance.csv_newcomers'),
  returning: t('attendance.csv_returning'),
  averageMinutes: t('attendance.csv_averageMinutes'),
  signedUp: t('attendance.csv_signedUp'),
  noShows: t('attendance.csv_noShows'),
  named: t('attendance.csv_named'),
  namedNoShows: t('attendance.csv_namedNoShows'),
});

/**
 * `/yin schedule attendance schedule: from: to:` (Manage Events): the latest class's report in
 * the range, and a CSV of every class in it, days in the schedule's time zone. Names only of
 * members who said yes, read now.
 */
export async function scheduleAttendance(
  interaction: ChatInputCommandInteraction<'cached'>,
  ctx: BotContext,
): Promise<void> {
  requireManageEvents(interaction);
  const o = interaction.options;
  const id = o.getString('schedule', true).trim();
  const s = await ctx.schedules.repo.get(interaction.guildId, id);
  if (!s) throw new InputError('attendance.unknownSchedule', { id });
  const tz = s.rule.timezone;
  const range = dayRange(
    { from: o.getString('from') ?? undefined, to: o.getString('to') ?? undefined },
    tz,
    ctx.clock.now(),
  );
  await interaction.deferReply({ flags: 64 });
  const classes = await ctx.classLog.classes(interaction.guildId, range.fromMs, range.toMs, s.id);
  const sources = reportSources(ctx, ctx.schedules.repo, ctx.signups);
  const reports = [];
  for (const c of classes) reports.push({ c, report: await reportOn(sources, c) });
  const span = { from: wallText(range.fromMs, tz).slice(0, 10), to: wallText(range.toMs - 1, tz).slice(0, 10) };
  const latest = reports.at(-1);
  if (!latest) {
    await interaction.editReply({ content: t('attendance.noClasses', span), allowedMentions: { parse: [] } });
    return;
  }
  const catalog = await ctx.catalogs.load(interaction.guildId);
  const sequenceName = (sequenceId: string) => catalog.sequences.get(sequenceId)?.name ?? sequenceId;
  const ids = reports.flatMap(({ report: r }) => [...r.named.map((n) => n.userId), ...r.namedNoShows]);
  const names = await memberNames(interaction.guild, ids);
  const csv = attendanceCsv(
    reports.map(({ c, report }) => ({
      when: `${wallText(c.startedAt, tz)} ${tz}`,
      schedule: s.id,
      sequence: sequenceName(c.sequenceId),
      report,
    })),
    headings(),
    (userId) => names.get(userId) ?? userId,
  );
  const summary = t('attendance.rangeSummary', { count: reports.length, ...span });
  const last = reportText({
    title: sequenceName(latest.c.sequenceId),
    startedAt: latest.c.startedAt,
    report: latest.report,
  });
  await interaction.editReply({
    content: `${summary}\n\n${last}`.slice(0, 2000),
    files: [{ attachment: Buffer.from(csv, 'utf8'), name: `yin-attendance-${s.id}-${span.from}-${span.to}.csv` }],
    allowedMentions: { parse: [] },
  });
}
