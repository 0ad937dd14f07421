import type { Catalog, Sequence } from '../../domain/catalog-schema.ts';
import type { Timeline } from '../../domain/timeline.ts';
import { t } from '../../i18n.ts';
import type { Language } from '../../languages.ts';
import type { Pictures } from '../../pictures/index.ts';
import type { StepPicture } from './publisher.ts';
import { stepTitleIn } from './text.ts';

/**
 * The picture a step's post uploads: the opening carries the class as one strip of figures, a
 * pose step its pose's figure (mirrored for the right side), the closing none. The alt text says
 * the pose and the side in words.
 */
export function stepPicture(
  pictures: Pictures,
  catalog: Catalog,
  tl: Timeline,
  index: number,
  lang: Language = 'en',
): StepPicture | undefined {
  const step = tl.steps[index];
  if (!step || step.kind === 'closing') return undefined;
  if (step.kind === 'opening') {
    // The strip shows the class as planned (a shorter one, `length:`, without its dropped steps):
    // for the sequence as written the same tiles, so the committed file still serves.
    const planned: Sequence = {
      ...tl.sequence,
      steps: tl.steps.flatMap((st) =>
        st.kind === 'pose' ? [{ pose: st.pose.id, role: st.role, ...(st.side ? { sides: st.side } : {}) }] : [],
      ),
    };
    const strip = pictures.stripPicture(catalog, planned);
    const poses = tl.steps.flatMap((st) => (st.kind === 'pose' ? [stepTitleIn(st, lang)] : []));
    return { ...strip, description: t('post.stripAlt', { poses: poses.join(', ') }, lang).slice(0, 1024) };
  }
  const picture = pictures.posePicture(step.pose.id, step.side);
  if (!picture) return undefined;
  return { ...picture, description: poseAlt(pictures, step.pose, step.side, lang) };
}

/**
 * A pose picture's alt text: the pose, and for a side its side and where the picture is seen
 * from ("seen from behind": the picture's left is the student's left), so no one mirrors it.
 */
export function poseAlt(
  pictures: Pick<Pictures, 'poseViewpoint'>,
  pose: { id: string; name: string },
  side: 'left' | 'right' | undefined,
  lang: Language,
): string {
  if (!side) return t('post.pictureAlt', { pose: pose.name }, lang);
  const params = { pose: pose.name, side: t(`post.side_${side}`, {}, lang) };
  const view = pictures.poseViewpoint(pose.id, side);
  return view
    ? t('post.pictureAltSideSeen', { ...params, view: t(`post.seenFrom_${view}`, {}, lang) }, lang)
    : t('post.pictureAltSide', params, lang);
}
