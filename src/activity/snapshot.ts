import type { Catalog } from '../domain/catalog-schema.ts';
import { liveView, type LivePhase, type LiveStep } from '../domain/live-view.ts';
import { ACTIONS, sessionLanguage, type Action, type SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import { t } from '../i18n.ts';
import type { Language } from '../languages.ts';
import { posePicture, stripPicture, type Picture } from '../pictures/index.ts';
import { stepTitleIn } from '../discord/session-text.ts';
import { poseAlt } from '../discord/step-picture.ts';

/** What the Activity's page draws: every sentence already in the session's language. */
export interface Snapshot {
  v: 1;
  /** The server's clock when this was made: the page corrects its own by it. */
  serverNow: number;
  session: string | null;
  sequence: string;
  /** "Hold 3/8", "Rebound", "Final rest", "Opening", "Closing". */
  role: string;
  /** The pose's name (or "Opening", "Closing"): the page's heading. */
  heading: string;
  /** The step's title as its post has it: "3/8 · Dragon (left side)". */
  title: string;
  /** "Left side" / "Right side"; empty for a pose done once. */
  side: string;
  picture: { src: string; alt: string } | null;
  phase: LivePhase;
  /** What the countdown counts down to, in words: "Hold begins in", "Ends in". */
  countdownLabel: string;
  /** Epoch ms the countdown reaches 0 (the post's times), or null (closing). */
  countdownTo: number | null;
  holdBeginsAt: number | null;
  endsAt: number | null;
  paused: boolean;
  pausedRemainingMs: number | null;
  next: string | null;
  ended: boolean;
  /** The viewer may use the controls (the same rule as the buttons under the posts). */
  canControl: boolean;
  /** The buttons' names, as on the posts. */
  controls: Record<Action, string>;
  words: { next: string; paused: string; timer: string; ended: string; noClass: string; reconnecting: string };
}

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
  o: { catalog: Catalog; canControl: boolean; shelf: PictureShelf },
): Snapshot {
  const lang = sessionLanguage(s);
  const view = liveView(s, tl, now);
  const step = view.step ? tl.steps[view.step.index] : undefined;
  const nextStep = view.next ? tl.steps[view.next.index] : undefined;
  let picture: Snapshot['picture'] = null;
  if (step?.kind === 'pose') {
    const p = posePicture(step.pose.id, step.side);
    if (p) picture = { src: o.shelf(p), alt: poseAlt(step.pose, step.side, lang) };
  } else if (step?.kind === 'opening' || !step) {
    const p = stripPicture(o.catalog, tl.sequence);
    const poses = tl.steps.flatMap((st) => (st.kind === 'pose' ? [stepTitleIn(st, lang)] : []));
    picture = { src: o.shelf(p), alt: t('post.stripAlt', { poses: poses.join(', ') }, lang) };
  }
  const title =
    step?.kind === 'pose' && step.role === 'hold'
      ? `${step.number}/${tl.poseCount} · ${stepTitleIn(step, lang)}`
      : step
        ? stepTitleIn(step, lang)
        : t('post.stepOpening', {}, lang);
  const heading =
    step?.kind === 'pose' ? step.pose.name : step?.kind === 'closing' ? tl.sequence.name : tl.sequence.name;
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
