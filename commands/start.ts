import { languageOf } from '../src/languages.ts';
import { isServerId } from '../src/library/limits.ts';
import { ChannelType } from 'discord.js';
import { InputError } from '../src/domain/input-error.ts';
import { soundPrefsFrom } from '../src/domain/sound-input.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { missingNeeded, wantedNote } from '../src/discord/permissions.ts';
import { sessionLength } from '../src/discord/session/text.ts';
import { t } from '../src/i18n.ts';
import { sequenceChoices } from './choices.ts';
import type { Subcommand } from './command.ts';
import { startDefinition } from './definitions/start.ts';

/** An interaction's token lives 15 minutes; a minute's margin for clocks and the request itself. */
const REPLY_LIFETIME_MS = 14 * 60_000;

export const start: Subcommand = {
  data: startDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('session.guildOnly');
    const target = interaction.options.getChannel('channel') ?? interaction.channel;
    if (!target || !('guild' in target)) throw new InputError('session.runHere');
    if (target.type !== ChannelType.GuildText && target.type !== ChannelType.GuildVoice)
      throw new InputError('session.wrongChannel');
    const missing = missingNeeded(target);
    if (missing) throw new InputError('session.missingPermissions', { channel: target.id, missing });
    const o = interaction.options;
    const sound = soundPrefsFrom(
      {
        mode: o.getString('sound'),
        bell: o.getString('bell'),
        volume: o.getString('volume'),
        interval: o.getBoolean('interval'),
      },
      'sound',
    );
    const sequenceId = interaction.options.getString('sequence', true).trim().toLowerCase();
    // A server's own sequence is read here and handed over whole: the session keeps that copy.
    const own = isServerId(sequenceId)
      ? (await ctx.sequences.get(interaction.guildId, sequenceId))?.sequence
      : undefined;
    if (isServerId(sequenceId) && !own) throw new InputError('library.notFound', { id: sequenceId });
    const prepared = await ctx.runner.prepare({
      guildId: interaction.guildId,
      channelId: target.id,
      hostId: interaction.user.id,
      sequenceId,
      sequence: own,
      language: o.getString('language') ? languageOf(o.getString('language')) : undefined,
      holdMinutes: interaction.options.getInteger('hold') ?? undefined,
      lengthMinutes: interaction.options.getInteger('length') ?? undefined,
      sound,
    });
    // Here, in the channel the command was used in, the opening is the answer to the command:
    // deferred now (public), then edited into the opening by the session's first post. That
    // answer isn't counted against the bot's global limit, and an edit can be retried safely.
    // Everything that can refuse the start is checked first, so a refusal stays private.
    const here = target.id === interaction.channelId;
    if (!here) {
      const { timeline } = await ctx.runner.begin(prepared);
      const content = t(
        'session.starting',
        { name: timeline.sequence.name, channel: target.id, length: sessionLength(timeline) },
        interaction.locale,
      );
      await interaction.reply(ephemeral({ content: content + wantedNote(target, interaction.locale) }));
      return;
    }
    if (ctx.runner.get(target.id)) throw new InputError('session.alreadyRunning');
    await interaction.deferReply();
    try {
      await ctx.runner.begin(prepared, {
        applicationId: interaction.applicationId,
        token: interaction.token,
        expiresAt: ctx.clock.now() + REPLY_LIFETIME_MS,
      });
    } catch (err) {
      // Lost a race, or the store is away: the public "thinking…" answer goes, and the router
      // tells the host alone.
      await interaction.deleteReply().catch(() => {});
      throw err;
    }
    // What yin would also like here (Attach Files, Set Voice Channel Status), to the host alone,
    // once the answer is the opening: a follow-up before that would replace the "thinking…".
    const wanted = wantedNote(target, interaction.locale).trim();
    if (wanted && (await ctx.runner.posted(target.id, 0)))
      await interaction.followUp(ephemeral({ content: wanted })).catch(() => {});
  },

  autocomplete: sequenceChoices,
};
