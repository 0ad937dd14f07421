import { languageOf } from '../src/languages.ts';
import { isServerId } from '../src/library/limits.ts';
import { ChannelType } from 'discord.js';
import { InputError } from '../src/domain/input-error.ts';
import { soundPrefsFrom } from '../src/domain/sound-input.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { missingPermissions, wantedNote } from '../src/discord/permissions.ts';
import { sessionLength } from '../src/discord/session-text.ts';
import { t } from '../src/i18n.ts';
import { sequenceChoices } from './choices.ts';
import type { Subcommand } from './command.ts';
import { startDefinition } from './definitions/start.ts';

export const start: Subcommand = {
  data: startDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('session.guildOnly');
    const target = interaction.options.getChannel('channel') ?? interaction.channel;
    if (!target || !('guild' in target)) throw new InputError('session.runHere');
    if (target.type !== ChannelType.GuildText && target.type !== ChannelType.GuildVoice)
      throw new InputError('session.wrongChannel');
    const missing = missingPermissions(target);
    if (missing.length)
      throw new InputError('session.missingPermissions', { channel: target.id, missing: missing.join(', ') });
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
    const { timeline } = await ctx.runner.start({
      guildId: interaction.guildId,
      channelId: target.id,
      hostId: interaction.user.id,
      sequenceId,
      sequence: own,
      language: o.getString('language') ? languageOf(o.getString('language')) : undefined,
      holdMinutes: interaction.options.getInteger('hold') ?? undefined,
      sound: sound.mode,
      bell: sound.bell,
      volume: sound.volume,
      interval: sound.interval,
    });
    const content = t(
      'session.starting',
      { name: timeline.sequence.name, channel: target.id, length: sessionLength(timeline) },
      interaction.locale,
    );
    await interaction.reply(ephemeral({ content: content + wantedNote(target, interaction.locale) }));
  },

  autocomplete: sequenceChoices,
};
