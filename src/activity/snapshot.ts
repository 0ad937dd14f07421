import type { Catalog } from '../domain/catalog-schema.ts';
import { liveView, type LivePhase, type LiveStep } from '../domain/live-view.ts';
import { ACTIONS, sessionLanguage, type Action, type SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import { t } from '../i18n.ts';
import type { Snapshot } from './contract.ts';
import type { Language } from '../languages.ts';
import type { Picture, Pictures } from '../pictures/index.ts';
import { stepTitleIn } from '../discord/session/text.ts';
import { poseAlt } from '../discord/session/step-picture.ts';

const BUTTON: Record<Action, string> = {
  pause: 'post.buttonPause',
  resume: 'post.buttonResume',
  skip: 'post.buttonSkip',
  extend: 'post.buttonExtend',
  stop: 'post.buttonStop',
};

function words(lang: Language): Snapshot['words'] {
  return {
    next: t('activity.next', {}, lang),
    paused: t('activity.paused', {}, lang),
    timer: t('activity.timer', {}, lang),
    ended: t('activity.ended', {}, lang),
    noClass: t('activity.noClass', {}, lang),
    reconnecting: t('activity.reconnecting', {}, lang),
  };
}

function roleLabel(step: LiveStep | undefined, lang: Language): string {
  if (!step) return t('post.stepOpening', {}, lang);
  if (step.role === 'opening') return t('post.stepOpening', {}, lang);
  if (step.role === 'closing') return t('post.stepClosing', {}, lang);
  if (step.role === 'hold') return t('activity.roleHold', { number: step.number, count: step.count }, lang);
  return t(`post.role_${step.role}`, {}, lang);
}

function countdownLabel(phase: LivePhase, step: LiveStep | undefined, lang: Language): string {
  if (phase === 'waiting') return t('activity.startsIn', {}, lang);
  if (phase === 'settle') return t('activity.firstPoseIn', {}, lang);
  if (phase === 'transition')
    return t(step?.role === 'rest' ? 'activity.restBeginsIn' : 'activity.holdBeginsIn', {}, lang);
  if (phase === 'hold') return t('activity.endsIn', {}, lang);
  return '';
}

export type { Snapshot };

/** Keeps the pictures a snapshot names, so the listener serves those and nothing else. */
export type PictureShelf = (picture: Picture) => string;

/**
 * The snapshot of a session for one viewer at `now`: `liveView`'s facts in the session's
 * language, with the picture the step's post carries.
 */
export function snapshotOf(
  s: SessionState,
  tl: Timeline,
  now: number,
  o: { catalog: Catalog; pictures: Pictures; canControl: boolean; shelf: PictureShelf },
): Snapshot {
  const lang = sessionLanguage(s);
  const view = liveView(s, tl, now);
  const step = view.step ? tl.steps[view.step.index] : undefined;
  const nextStep = view.next ? tl.steps[view.next.index] : undefined;
  let picture: Snapshot['picture'] = null;
  if (step?.kind === 'pose') {
    const p = o.pictures.posePicture(step.pose.id, step.side);
    if (p) picture = { src: o.shelf(p), alt: poseAlt(o.pictures, step.pose, step.side, lang) };
  } else if (step?.kind === 'opening' || !step) {
    const p = o.pictures.stripPicture(o.catalog, tl.sequence);
    const poses = tl.steps.flatMap((st) => (st.kind === 'pose' ? [stepTitleIn(st, lang)] : []));
    picture = { src: o.shelf(p), alt: t('post.stripAlt', { poses: poses.join(', ') }, lang) };
  }
  const title =
    step?.kind === 'pose' && step.role === 'hold'
      ? `${step.number}/${tl.poseCount} · ${stepTitleIn(step, lang)}`
      : step
        ? stepTitleIn(step, lang)
        : t('post.stepOpening', {}, lang);
  // The pose's name; the class's at the opening and the closing.
  const heading = step?.kind === 'pose' ? step.pose.name : tl.sequence.name;
  const countdownTo =
    view.phase === 'transition' ? view.holdBeginsAt : view.phase === 'closing' ? undefined : view.endsAt;
  return {
    v: 1,
    serverNow: now,
    session: s.id,
    sequence: tl.sequence.name,
    role: roleLabel(view.step, lang),
    heading,
    title,
    side: step?.kind === 'pose' && step.side ? t(`post.sideName_${step.side}`, {}, lang) : '',
    picture,
    phase: view.phase,
    countdownLabel: countdownLabel(view.phase, view.step, lang),
    endsLabel: t('activity.endsIn', {}, lang),
    countdownTo: countdownTo ?? null,
    holdBeginsAt: view.holdBeginsAt ?? null,
    endsAt: view.endsAt ?? null,
    paused: view.paused,
    pausedRemainingMs: view.pausedRemainingMs ?? null,
    next: nextStep ? stepTitleIn(nextStep, lang) : null,
    ended: view.ended,
    canControl: o.canControl && !view.ended,
    controls: Object.fromEntries(ACTIONS.map((a) => [a, t(BUTTON[a], {}, lang)])) as Record<Action, string>,
    words: words(lang),
  };
}

/** The view where no session runs: "no class here", in the viewer's language. */
export function noClassSnapshot(now: number, lang: Language): Snapshot {
  return {
    v: 1,
    serverNow: now,
    session: null,
    sequence: '',
    role: '',
    heading: t('activity.noClassHeading', {}, lang),
    title: '',
    side: '',
    picture: null,
    phase: 'closing',
    countdownLabel: '',
    endsLabel: '',
    countdownTo: null,
    holdBeginsAt: null,
    endsAt: null,
    paused: false,
    pausedRemainingMs: null,
    next: null,
    ended: true,
    canControl: false,
    controls: Object.fromEntries(ACTIONS.map((a) => [a, t(BUTTON[a], {}, lang)])) as Record<Action, string>,
    words: words(lang),
  };
}
