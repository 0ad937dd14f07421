// The form that writes a server's sequence (`/yin sequence create` and `edit`), what happens when
// it is sent, and the buttons around it: "Edit and try again" under a refused form, and the
// confirm step of a delete that schedules depend on.
import {
  ButtonStyle,
  ComponentType,
  PermissionFlagsBits,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { classMinutes } from '../../domain/timeline.ts';
import { t } from '../../i18n.ts';
import { formOf } from '../../library/form.ts';
import { sanitizeText } from '../../library/sanitize.ts';
import type { StoredSequence } from '../../library/sequences-repo.ts';
import type { SequenceDraft } from '../../library/drafts-repo.ts';
import { deleteSequence, reopenDraft, saveForm, type DeleteResult } from '../../library/verbs.ts';
import type { BotContext } from '../context.ts';
import { sequenceDeleteId, sequenceFormId, sequenceReopenId } from '../custom-ids.ts';
import { ephemeral } from '../markup.ts';
import { route, type ButtonRoute, type ModalRoute } from '../route.ts';

type Guarded = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

/** Manage Server, or the teacher role `/yin settings teacher-role` names. */
export async function requireWriter(interaction: Guarded, ctx: BotContext): Promise<string> {
  if (!interaction.inCachedGuild()) throw new InputError('library.guildOnly');
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return interaction.guildId;
  const teacher = (await ctx.settings.get(interaction.guildId)).teacherRoleId;
  if (teacher && interaction.member.roles.cache.has(teacher)) return interaction.guildId;
  throw new InputError('library.notAllowed');
}

const FIELDS = { name: 'name', focus: 'focus', steps: 'steps', hold: 'hold' } as const;

/** The form, empty or filled in (an edit, or a refused form given back). */
export function sequenceModal(
  locale: string,
  edit?: SequenceDraft['edit'],
  filled?: SequenceDraft['form'],
): APIModalInteractionResponseCallbackData {
  const input = (
    id: string,
    style: TextInputStyle,
    max: number,
    required: boolean,
    value: string | undefined,
  ): APIModalInteractionResponseCallbackData['components'][number] => ({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.TextInput,
        custom_id: id,
        style,
        label: t(`library.field_${id}`, {}, locale),
        placeholder: t(`library.placeholder_${id}`, {}, locale),
        max_length: max,
        required,
        ...(value ? { value: value.slice(0, max) } : {}),
      },
    ],
  });
  return {
    custom_id: sequenceFormId.build({ edit }),
    title: t(edit ? 'library.formTitleEdit' : 'library.formTitle', {}, locale),
    components: [
      input(FIELDS.name, TextInputStyle.Short, 60, true, filled?.name),
      input(FIELDS.focus, TextInputStyle.Short, 200, true, filled?.focus),
      input(FIELDS.steps, TextInputStyle.Paragraph, 4000, true, filled?.steps),
      input(FIELDS.hold, TextInputStyle.Short, 2, false, filled?.hold),
    ],
  };
}

/** "My Hips · `my_my-hips` · 38 min": a saved sequence in one line. */
export function savedLine(ctx: BotContext, saved: StoredSequence, locale: string): string {
  const s = saved.sequence;
  return t(
    'library.savedLine',
    { name: s.name, id: s.id, minutes: classMinutes(ctx.catalog, s), hold: s.holdMinutes.default },
    locale,
  );
}

async function submitForm(
  interaction: ModalSubmitInteraction,
  { edit }: { edit?: SequenceDraft['edit'] },
  ctx: BotContext,
): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  const field = (id: string) => interaction.fields.getTextInputValue(id) ?? '';
  const form = {
    name: field(FIELDS.name),
    focus: field(FIELDS.focus),
    steps: field(FIELDS.steps),
    hold: field(FIELDS.hold),
  };
  const locale = interaction.locale;
  try {
    const saved = await saveForm(ctx.library, { guildId, userId: interaction.user.id, form, edit });
    const key = edit ? 'library.edited' : 'library.created';
    await interaction.reply(
      ephemeral({ content: t(key, { line: savedLine(ctx, saved, locale), id: saved.sequence.id }, locale) }),
    );
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // Refused: what they wrote is kept (an hour) and quoted back, with a button that reopens it.
    const quoted = sanitizeText(form.steps, { multiline: true, max: 1200 })
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    await interaction.reply(
      ephemeral({
        content: t('library.refused', { problem: err.text(locale), steps: quoted }, locale).slice(0, 2000),
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                custom_id: sequenceReopenId.build({}),
                label: t('library.reopen', {}, locale),
              },
            ],
          },
        ],
      }),
    );
  }
}

async function reopen(interaction: ButtonInteraction, _args: unknown, ctx: BotContext): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  const draft = await reopenDraft(ctx.library, guildId, interaction.user.id);
  await interaction.showModal(sequenceModal(interaction.locale, draft.edit, draft.form));
}

/** "Deleted …": what a delete did, in the member's words. */
export const deletedText = (result: DeleteResult, locale: string): string =>
  t('library.deleted', { name: result.name, paused: result.paused }, locale);

async function confirmDelete(
  interaction: ButtonInteraction,
  { id, revision }: { id: string; revision: number },
  ctx: BotContext,
): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  const result = await deleteSequence(ctx.library, guildId, id, revision, interaction.user.id);
  await interaction.update({ content: deletedText(result, interaction.locale), components: [] });
}

export const libraryModals: ModalRoute[] = [route(sequenceFormId, submitForm, 'common.unknownForm')];
export const libraryButtons: ButtonRoute[] = [route(sequenceReopenId, reopen), route(sequenceDeleteId, confirmDelete)];

/** The form for an edit, filled in from the stored sequence. */
export const editModal = (stored: StoredSequence, locale: string): APIModalInteractionResponseCallbackData =>
  sequenceModal(locale, { id: stored.sequence.id, revision: stored.revision }, formOf(stored.sequence));
