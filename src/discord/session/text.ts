import type { SoundChoice } from '../../domain/sound.ts';
import type { Timeline, TimelineStep } from '../../domain/timeline.ts';
import { answeringLanguage, t } from '../../i18n.ts';

/**
 * "Dragonfly — side bend (left side)", "Rebound · On your back", "Opening", "Closing", in
 * `locale`. Holds carry their number on the post's title, not here.
 */
export function stepTitleIn(step: TimelineStep, locale?: string): string {
  if (step.kind === 'opening') return t('post.stepOpening', {}, locale);
  if (step.kind === 'closing') return t('post.stepClosing', {}, locale);
  const side = step.side ? t(`post.side_${step.side}`, {}, locale) : undefined;
  if (step.role !== 'hold') {
    const role = t(`post.role_${step.role}`, {}, locale);
    return t(side ? 'post.stepRoleWithSide' : 'post.stepRole', { role, pose: step.pose.name, side }, locale);
  }
  return side ? t('post.stepWithSide', { pose: step.pose.name, side }, locale) : step.pose.name;
}

/** The step's title in the bot's default language (fits `steps.map(stepTitle)`). */
export const stepTitle = (step: TimelineStep): string => stepTitleIn(step);

/**
 * The voice channel's status at a step: "🧘 3/8 · Dragonfly — side bend (left side)" on a hold,
 * "🧘 Rebound · On your back" between, "🧘 Yin for the Back · settling in" at the opening.
 */
export function statusLine(tl: Timeline, index: number, locale?: string): string {
  const step = tl.steps[index];
  if (!step || step.kind === 'closing') return t('voice.statusClosing', { name: tl.sequence.name }, locale);
  if (step.kind === 'opening') return t('voice.statusOpening', { name: tl.sequence.name }, locale);
  const title = stepTitleIn(step, locale);
  return step.role === 'hold'
    ? t('voice.statusHold', { number: step.number, count: tl.poseCount, step: title }, locale)
    : t('voice.status', { step: title }, locale);
}

/** "43 min · 8 poses · 3-min holds", in real minutes whatever the speed. */
export function sessionLength(tl: Timeline, locale?: string): string {
  const minutes = Math.round((tl.totalMs * tl.speed) / 60_000);
  // A hold planned to a length may be a half minute: "3,5" where the language writes it so.
  const hold = new Intl.NumberFormat(locale ?? answeringLanguage()).format(tl.holdMinutes);
  return t('post.length', { minutes, poses: tl.poseCount, hold }, locale);
}

/** Real minutes of a step's hold (speed undone), for "· 3 min" in the opening's list. */
export const holdMinutesOf = (tl: Timeline, step: TimelineStep): number =>
  step.kind === 'pose' ? Math.round(((step.holdMs * tl.speed) / 60_000) * 10) / 10 : 0;

/**
 * "singing bowl · normal volume · voice on · interval bell off": a session's sound in words, as
 * the opening of a voice session and `/yin settings sound` say it.
 */
export function soundSummary(c: SoundChoice, locale?: string): string {
  if (c.mode === 'off') return t('sound.summaryOff', {}, locale);
  return t(
    'sound.summary',
    {
      bell: t(`sound.bell_${c.bell}`, {}, locale),
      volume: t(`sound.volume_${c.volume}`, {}, locale),
      voice: t(`sound.voice_${c.mode}`, {}, locale),
      interval: t(c.interval ? 'sound.interval_on' : 'sound.interval_off', {}, locale),
    },
    locale,
  );
}
