import type { Catalog, Sequence, SequenceStep } from '../domain/catalog-schema.ts';
import { nameKey } from './limits.ts';

/**
 * What a sequence made with the form gets for the fields the form doesn't ask for, so it is a
 * whole `Sequence` that buildTimeline runs like a built-in one. English, like data/sequences (a
 * sequence is data, not an interface sentence). A voice session plays the generic welcome and
 * closing cues (`welcome-generic`, `closing-generic`) for a server sequence: nothing is spoken
 * from this text at run time.
 */
export const TEMPLATE = {
  about:
    'A sequence written by this server. In yin we come into each pose until we feel the first place of pressure, then stay there, mostly passive and still. Coming out slowly, we rest a moment and let the body settle before the next pose.',
  props: ['A mat'],
  safety: [
    'Go to the first place of pressure, not the deepest; nothing should ever feel sharp.',
    'Anything electrical, tingling or numb, or a sensation that shoots out or radiates, means come out of the pose and choose another variation that suits your body.',
    'Breathe slowly and evenly; if the breath becomes strained, ease off.',
  ],
  ifThisIsYou: [
    "Pregnancy: from about halfway through, don't lie on your back; rest on your side instead, and keep twists and folds away from the belly.",
    'Recent surgery or injury: check with your doctor or physiotherapist first, and skip any pose that loads the area.',
    'Sore knees: pad them, or sit on a cushion instead of kneeling.',
    "You can rest in Child's Pose or on your back at any time.",
  ],
  reminder: 'Anything electrical, shooting, radiating, tingling or numb: come out slowly and choose another variation.',
  settleSeconds: 120,
  transitionSeconds: 30,
  /** The usual hold when the form gives none, and how far a session may move it either way. */
  holdDefault: 3,
  holdSpread: 2,
  closing:
    'Sit quietly for a few breaths, and notice how your body feels now. Take that ease with you as you get up and move on with your day.',
  reflection: 'What did you try today, and what did you discover?',
  sources: ['written by this server'],
} as const;

/** Props the schema allows a sequence to list. */
const PROPS_MAX = 8;

/** A mat, then every prop the steps' poses suggest, once each, in the order they come up (at most 8). */
export function propsFor(catalog: Pick<Catalog, 'poses'>, steps: readonly Pick<SequenceStep, 'pose'>[]): string[] {
  const props: string[] = [...TEMPLATE.props];
  const seen = new Set(props.map(nameKey));
  for (const step of steps) {
    for (const prop of catalog.poses.get(step.pose)?.props ?? []) {
      if (props.length >= PROPS_MAX) return props;
      if (seen.has(nameKey(prop))) continue;
      seen.add(nameKey(prop));
      props.push(prop);
    }
  }
  return props;
}

/** The sequence's usual hold and the range a session may pick, inside `range`. */
export function holdMinutesFor(hold: number, range: { min: number; max: number }): Sequence['holdMinutes'] {
  return {
    default: hold,
    min: Math.max(range.min, hold - TEMPLATE.holdSpread),
    max: Math.min(range.max, hold + TEMPLATE.holdSpread),
  };
}

/** The template's fields around the form's own (not yet validated). */
export function templateSequence(
  catalog: Pick<Catalog, 'poses'>,
  fields: { id: string; name: string; focus: string; steps: SequenceStep[]; holdMinutes: Sequence['holdMinutes'] },
): Sequence {
  return {
    id: fields.id,
    name: fields.name,
    focus: fields.focus,
    about: TEMPLATE.about,
    props: propsFor(catalog, fields.steps),
    safety: [...TEMPLATE.safety],
    ifThisIsYou: [...TEMPLATE.ifThisIsYou],
    reminder: TEMPLATE.reminder,
    holdMinutes: fields.holdMinutes,
    settleSeconds: TEMPLATE.settleSeconds,
    transitionSeconds: TEMPLATE.transitionSeconds,
    steps: fields.steps,
    closing: TEMPLATE.closing,
    reflection: TEMPLATE.reflection,
    sources: [...TEMPLATE.sources],
  };
}
