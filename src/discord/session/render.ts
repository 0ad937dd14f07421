import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { voiceFor } from '../../voice/voices.ts';
import {
  ACTIONS,
  dueAt,
  endsAt,
  isCatchUp,
  sessionLanguage,
  type Action,
  type SessionState,
} from '../../domain/session.ts';
import type { Pose, StepRole } from '../../domain/catalog-schema.ts';
import type { PoseStep, Timeline } from '../../domain/timeline.ts';
import { t as tr, type Params } from '../../i18n.ts';
import type { Language } from '../../languages.ts';
import { controlId } from '../custom-ids.ts';
import { COLOUR, discordTime, NO_PINGS } from '../markup.ts';
import { memberRows } from './member-buttons.ts';
import { holdMinutesOf, sessionLength, soundSummary, stepTitleIn } from './text.ts';
import { sessionSound } from '../../domain/sound.ts';
import { holdBeginOf, moveKey, offersCounterpose } from '../../domain/flow.ts';

const bullets = (lines: readonly string[]) => lines.map((l) => `• ${l}`).join('\n');

/** The name of a field that carries on the one before it (Discord wants a name; this shows none). */
export const FIELD_CONTINUED = '\u200b';
/** A field's value holds at most 1,024 characters. */
const FIELD_VALUE_MAX = 1024;

/**
 * A bulleted list as one field, or, when it is longer than a field holds (a class's "if this is
 * you" in German), as several, split between lines: the first under `name`, the rest unnamed.
 */
function bulletFields(name: string, lines: readonly string[]): APIEmbedField[] {
  const chunks: string[][] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last && bullets([...last, line]).length <= FIELD_VALUE_MAX) last.push(line);
    else chunks.push([line]);
  }
  return chunks.map((chunk, i) => ({ name: i === 0 ? name : FIELD_CONTINUED, value: bullets(chunk) }));
}

/**
 * Heads the single catch-up post after the bot was away. It names no count: a post that landed
 * just before a crash can't be told from one that didn't, so a number could be wrong.
 */
export const catchUpNote = (lang: Language): string => tr('post.catchUp', {}, lang);

/** The sentences of one language: every post of a session is in the session's language. */
type Say = (key: string, params?: Params) => string;
const sayIn =
  (lang: Language | undefined): Say =>
  (key, params = {}) =>
    tr(key, params, lang ?? 'en');

const BUTTON_LABEL: Record<Action, string> = {
  pause: 'post.buttonPause',
  resume: 'post.buttonResume',
  skip: 'post.buttonSkip',
  extend: 'post.buttonExtend',
  stop: 'post.buttonStop',
};

function controls(s: SessionState, t: Say): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: ACTIONS.map((action) => ({
      type: ComponentType.Button,
      custom_id: controlId.build({ action, sessionId: s.id }),
      label: t(BUTTON_LABEL[action]),
      style: action === 'stop' ? ButtonStyle.Danger : ButtonStyle.Secondary,
    })),
  };
}

function classList(tl: Timeline, t: Say, lang: Language | undefined): string {
  return tl.steps
    .flatMap((st) => {
      if (st.kind !== 'pose') return [];
      const params = { number: st.number, step: stepTitleIn(st, lang ?? 'en'), minutes: holdMinutesOf(tl, st) };
      const line = st.role === 'hold' ? t('post.classHold', params) : t('post.classOther', params);
      return [st.optional ? `${line} · *${t('post.optionalMark')}*` : line];
    })
    .join('\n')
    .slice(0, 1024);
}

/** A picture uploaded with the post: the attachment's file name and its alt text. */
export interface PostPicture {
  name: string;
  description: string;
}

/**
 * Where a session runs, as far as its posts care: in a voice channel the opening says the sound.
 * `picture`: the post carries that upload (a pose's figure, or the opening's strip of the class).
 * `note`: one line for the post's footer (pictures off, said once).
 */
export interface RenderContext {
  voice?: boolean;
  /** The channel can hold the discoveries thread the closing opens (the closing then points to it). */
  threads?: boolean;
  picture?: PostPicture | undefined;
  note?: string | undefined;
  /** The opening and pose posts carry a "Class view" button (the Activity is on). */
  classView?: boolean;
  /** On the closing: how many practised (said from 2 on; one alone isn't "together"). */
  together?: number | undefined;
}

/** The sound in words; with the voice on in a language that has none, that it is the bell only. */
function soundField(s: SessionState, t: Say): string {
  const sound = sessionSound(s);
  const summary = soundSummary(sound, sessionLanguage(s));
  return sound.mode === 'bell+voice' && !voiceFor(sessionLanguage(s)) ? t('post.soundNoVoice', { summary }) : summary;
}

function openingEmbed(s: SessionState, tl: Timeline, where: RenderContext, t: Say): APIEmbed {
  const first = dueAt(s, tl, 1) ?? s.startedAt;
  const q = tl.sequence;
  return {
    title: q.name,
    color: COLOUR,
    description: t('post.worksOn', { focus: q.focus, about: q.about }),
    fields: [
      { name: t('post.fieldLength'), value: sessionLength(tl, sessionLanguage(s)) },
      // Who teaches, as a mention: an embed pings nobody.
      ...(s.teacherId ? [{ name: t('teacher.fieldTeacher'), value: `<@${s.teacherId}>` }] : []),
      ...(where.voice ? [{ name: t('post.fieldSound'), value: soundField(s, t) }] : []),
      { name: t('post.fieldGather'), value: bullets(q.props) },
      { name: t('post.fieldSafety'), value: bullets(q.safety) },
      ...bulletFields(t('post.fieldIfThisIsYou'), q.ifThisIsYou),
      { name: t('post.fieldClass'), value: classList(tl, t, s.language) },
      // Arriving, in the settle before the first pose (in voice, said too: moments.ts).
      { name: t('arrival.fieldName'), value: t(`arrival.text_${q.arrival ?? 'settle'}`) },
      { name: t('post.fieldFirstPose'), value: t('post.firstPose', { when: discordTime(first, 'R') }) },
    ],
    footer: { text: t('post.hostFooter') },
  };
}

/** "Come out of Dragonfly:" after a pose; "From the rebound:" after a rest between poses. */
function comeOut(previous: Pose, role: StepRole | undefined, t: Say): string {
  if (role === 'hold' || role === 'counterpose' || role === undefined)
    return t('post.comeOut', { pose: previous.name, exit: previous.exit });
  return t(`post.comeOutOf_${role}`, { exit: previous.exit });
}

/** The move from where the last pose left the body to where this one starts (flow.ts), if any. */
function move(step: PoseStep, t: Say): string {
  const key = step.previous ? moveKey(step.previous, step.pose) : undefined;
  const words = key ? t(key) : key;
  // A pair no sentence is written for (a server's own class may join any two) says no move.
  return key && words && words !== key ? t('post.move', { move: words }) : '';
}

/** The words that begin the hold, as the voice says them (a class's own, or the general ones in turn). */
function holdBegin(tl: Timeline, step: PoseStep, t: Say): string {
  if (step.role !== 'hold') return '';
  const line = holdBeginOf(tl, step.number);
  return t('post.holdBeginLine', { words: line.text ?? t(line.textKey ?? 'spoken.holdBegin') });
}

/**
 * How to come out of the last pose, its counterpose when the class gives no time to ease it
 * (flow.ts), how to get to where this one starts, how to set it up and which side, and the words
 * that begin the hold.
 */
function poseDescription(tl: Timeline, step: PoseStep, resumed: string, t: Say): string {
  const { pose, previous, side } = step;
  const words = side ? pose.sides?.[side] : undefined;
  return [
    resumed.trim(),
    step.optional ? t('post.optionalStep') : '',
    previous ? comeOut(previous, step.previousRole, t) : '',
    previous?.counterpose && offersCounterpose(step)
      ? t('post.counterpose', { counterpose: previous.counterpose })
      : '',
    move(step, t),
    t('post.setUp', { enter: pose.enter }),
    side && words ? t('post.sideLine', { side: t(`post.sideName_${side}`), words }) : '',
    side && !words ? t('post.thisSide', { side: t(`post.side_${side}`) }) : '',
    holdBegin(tl, step, t),
  ]
    .filter(Boolean)
    .join('\n\n')
    .slice(0, 4096);
}

function poseEmbed(s: SessionState, tl: Timeline, step: PoseStep, resumed: string, t: Say): APIEmbed {
  const stepTitle = (st: Timeline['steps'][number]) => stepTitleIn(st, sessionLanguage(s));
  const next = tl.steps[step.index + 1];
  const due = dueAt(s, tl, step.index) ?? s.startedAt;
  const end = endsAt(s, tl, step.index) ?? s.startedAt;
  const begins = due + step.transitionMs;
  const { pose } = step;
  const fields = [
    { name: t('post.fieldVariations'), value: bullets(pose.variations) },
    ...(pose.props.length ? [{ name: t('post.fieldProps'), value: bullets(pose.props) }] : []),
    { name: t('post.fieldCues'), value: bullets(pose.cues) },
    ...(pose.cautions.length ? bulletFields(t('post.fieldCautions'), pose.cautions) : []),
    ...(step.transitionMs > 0
      ? [
          {
            name: t(step.role === 'rest' ? 'post.fieldRestBegins' : 'post.fieldHoldBegins'),
            value: discordTime(begins, 'R'),
            inline: true,
          },
        ]
      : []),
    { name: t('post.fieldEnds'), value: `${discordTime(end, 'R')} (${discordTime(end, 't')})`, inline: true },
    { name: t('post.fieldNext'), value: next ? stepTitle(next) : '—', inline: true },
  ];
  return {
    title: step.role === 'hold' ? `${step.number}/${tl.poseCount} · ${stepTitle(step)}` : stepTitle(step),
    color: COLOUR,
    description: poseDescription(tl, step, resumed, t),
    fields,
    // A class that ends in rest (sleep) stays lying down: its final rest says no way out of it.
    footer: {
      text: (finalRestStays(tl, step)
        ? tl.sequence.reminder
        : t('post.poseFooter', { reminder: tl.sequence.reminder, exit: pose.exit })
      ).slice(0, 2048),
    },
  };
}

/** The last step of a class that ends in rest: nobody is told to get up. */
const finalRestStays = (tl: Timeline, step: PoseStep): boolean =>
  tl.sequence.endsInRest === true && step.role === 'rest' && tl.steps[step.index + 1]?.kind === 'closing';

function closingEmbed(s: SessionState, tl: Timeline, resumed: string, where: RenderContext, t: Say): APIEmbed {
  const early = s.endReason === 'stopped' ? `${t('post.endedEarly')}\n\n` : resumed;
  // The invitation to the discoveries thread is part of the closing: the thread needs no post of its own.
  const thread = where.threads ? `\n\n${t('post.closingThread')}` : '';
  return {
    title: t('post.closingTitle', { name: tl.sequence.name }),
    color: COLOUR,
    description: `${early}${tl.sequence.closing}\n\n**${tl.sequence.reflection}**${thread}`,
    fields: [{ name: t('post.fieldPractised'), value: sessionLength(tl, sessionLanguage(s)) + together(where, t) }],
    footer: { text: t('post.closingFooter') },
  };
}

/** "\n5 of you practised together", from two on. */
const together = (where: RenderContext, t: Say): string =>
  where.together !== undefined && where.together >= 2 ? `\n${t('attendance.together', { count: where.together })}` : '';

/** The message for one step of a session, as sent to POST /channels/{id}/messages. */
export function renderStep(
  s: SessionState,
  tl: Timeline,
  index: number,
  missed = 0,
  where: RenderContext = {},
): RESTPostAPIChannelMessageJSONBody {
  const step = tl.steps[index];
  if (!step) throw new Error(`step ${index} is outside the session`);
  const t = sayIn(s.language);
  const resumed = isCatchUp(s, tl, index, missed) ? `${t('post.catchUp')}\n\n` : '';
  const embed =
    step.kind === 'opening'
      ? openingEmbed(s, tl, where, t)
      : step.kind === 'pose'
        ? poseEmbed(s, tl, step, resumed, t)
        : closingEmbed(s, tl, resumed, where, t);
  const { picture, note } = where;
  // The opening's strip is wide, so it takes the embed's full-width image; a pose's figure sits
  // beside the title as the thumbnail, the first thing a glance at the channel meets.
  if (picture) embed[step.kind === 'opening' ? 'image' : 'thumbnail'] = { url: `attachment://${picture.name}` };
  if (note && embed.footer) embed.footer = { text: `${note}\n${embed.footer.text}`.slice(0, 2048) };
  return {
    embeds: [embed],
    ...(picture ? { attachments: [{ id: '0', filename: picture.name, description: picture.description }] } : {}),
    // Host controls first (not on the closing), then the members' row: join, my notes, share.
    components: [
      ...(step.kind === 'closing' ? [] : [controls(s, t)]),
      ...memberRows(s, step, where.classView ?? false),
    ],
    allowed_mentions: NO_PINGS,
    // Discord keeps a nonce for a few minutes: a retried post of the same step returns the
    // message it already made instead of a second one.
    nonce: `${s.id}.${index}`,
    enforce_nonce: true,
  };
}
