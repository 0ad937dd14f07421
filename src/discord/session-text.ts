import type { Timeline, TimelineStep } from '../domain/timeline.ts';
import { t } from '../i18n.ts';

/** "Dragonfly — side bend (left side)", "Opening", "Closing", in `locale`. */
export function stepTitleIn(step: TimelineStep, locale?: string): string {
  if (step.kind === 'opening') return t('post.stepOpening', {}, locale);
  if (step.kind === 'closing') return t('post.stepClosing', {}, locale);
  return step.side
    ? t('post.stepWithSide', { pose: step.pose.name, side: t(`post.side_${step.side}`, {}, locale) }, locale)
    : step.pose.name;
}

/** "31 min · 9 poses · 3-min holds", in real minutes whatever the speed. */
export function sessionLength(tl: Timeline, locale?: string): string {
  const minutes = Math.round((tl.totalMs * tl.speed) / 60_000);
  return t('post.length', { minutes, poses: tl.poseCount, hold: tl.holdMinutes }, locale);
}

/** The step's title in the bot's default language (fits `steps.map(stepTitle)`). */
export const stepTitle = (step: TimelineStep): string => stepTitleIn(step);
