import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import type { Figure } from './figure-schema.ts';
import { RESVG_VERSION, sourceHash } from './png.ts';
import { stripSvg } from './strip.ts';
import type { Side } from '../domain/timeline.ts';
import { figureSvg } from './svg.ts';

/** data/pictures/manifest.json: what each committed picture was made from, and the file's hash. */
export interface PictureManifestEntry {
  /** sourceHash of the SVG it was rendered from (figure data and style are all in the SVG) and the renderer. */
  source: string;
  /** The PNG file's hash. */
  png: string;
  width: number;
  height: number;
  bytes: number;
  pose?: string;
  side?: Side;
  sequence?: string;
}
export interface PictureManifest {
  renderer: string;
  pictures: Record<string, PictureManifestEntry>;
}

/** A picture make-pictures writes: its file name, the SVG it is made from, and what it shows. */
export interface PictureSource {
  file: string;
  svg: string;
  source: string;
  pose?: string;
  side?: Side;
  sequence?: string;
}

export const poseFile = (poseId: string, side?: Side): string => (side ? `${poseId}-${side}.png` : `${poseId}.png`);

/** A file name for a sequence's strip: its id, with anything unsafe in a file name made a dash. */
export function stripFile(sequenceId: string): string {
  const safe = sequenceId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `strip-${safe || 'sequence'}.png`;
}

export function poseSources(figure: Figure): PictureSource[] {
  const sides: (Side | undefined)[] = figure.sided ? ['left', 'right'] : [undefined];
  return sides.map((side) => {
    const svg = figureSvg(figure, side ?? 'left');
    return {
      file: poseFile(figure.pose, side),
      svg,
      source: sourceHash(svg),
      pose: figure.pose,
      ...(side ? { side } : {}),
    };
  });
}

export function stripSource(sequence: Sequence, figures: ReadonlyMap<string, Figure>): PictureSource {
  const svg = stripSvg(sequence, figures);
  return { file: stripFile(sequence.id), svg, source: sourceHash(svg), sequence: sequence.id };
}

/** Every picture data/pictures should hold: each figure's (both sides of a sided one) and each sequence's strip. */
export function allSources(figures: ReadonlyMap<string, Figure>, catalog: Catalog): PictureSource[] {
  return [
    ...[...figures.values()].flatMap(poseSources),
    ...[...catalog.sequences.values()].map((s) => stripSource(s, figures)),
  ].sort((a, b) => a.file.localeCompare(b.file));
}

export type PictureStaleness = 'missing' | 'source' | 'renderer';

/** The pictures whose committed file is missing from the manifest or was made from something else. */
export function stalePictures(
  manifest: PictureManifest | undefined,
  sources: readonly PictureSource[],
): Map<string, PictureStaleness> {
  const stale = new Map<string, PictureStaleness>();
  for (const s of sources) {
    const e = manifest?.pictures[s.file];
    if (!e) stale.set(s.file, 'missing');
    else if (manifest?.renderer !== `resvg ${RESVG_VERSION}`) stale.set(s.file, 'renderer');
    else if (e.source !== s.source) stale.set(s.file, 'source');
  }
  return stale;
}
