import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import { type Figure, loadFigures } from './figure-schema.ts';
import { type PictureManifest, poseFile, stripFile, stripSource } from './manifest.ts';
import { hash, renderPng } from './png.ts';
import { type Viewpoint, viewpointOf } from './svg.ts';

/** An image to attach to a message; `name` is the attachment's file name (`attachment://<name>`). */
export interface Picture {
  name: string;
  data: Buffer;
}

export interface Pictures {
  /**
   * The committed picture of a pose: `<id>.png`, or `<id>-left.png` / `<id>-right.png` for a sided
   * one (its left when no side is given). Read once, then cached; undefined when there is none.
   */
  posePicture(poseId: string, side?: 'left' | 'right'): Picture | undefined;
  /** Where a pose's picture (that side's) is seen from, for its alt text; undefined when it has no figure. */
  poseViewpoint(poseId: string, side?: 'left' | 'right'): Viewpoint | undefined;
  /**
   * A sequence's strip, `strip-<id>.png` (the id made safe for a file name): its pose steps in
   * order as small figures, wrapped into rows, each side of a two-sided step mirrored. The committed
   * file for a built-in sequence whose strip is fresh; otherwise composed now (resvg, ~50 ms) and
   * cached by what it shows.
   */
  stripPicture(catalog: Catalog, sequence: Sequence): Picture;
  /** A committed picture (data/pictures) by its file name: what any process may serve by name. */
  committed(name: string): Buffer | undefined;
}

/** The code's own data/: figures and pictures ship with the code, whatever YIN_DATA_DIR says. */
export const PICTURES_DATA_DIR = join(import.meta.dirname, '..', '..', 'data');
const POSE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Pictures read from `dataDir`/figures and `dataDir`/pictures, each file read once. The
 * composition root makes one a bot (the code's own data/), and hands it to what posts and shows them.
 */
export function createPictures(dataDir: string = PICTURES_DATA_DIR): Pictures {
  const dir = join(dataDir, 'pictures');
  const files = new Map<string, Buffer | undefined>();
  const read = (name: string): Buffer | undefined => {
    if (!files.has(name)) {
      const file = join(dir, name);
      files.set(name, existsSync(file) ? readFileSync(file) : undefined);
    }
    return files.get(name);
  };
  let figures: Map<string, Figure> | undefined;
  let manifest: PictureManifest | undefined | null = null;
  const strips = new Map<string, Buffer>();
  let committedNames: Set<string> | undefined;

  return {
    posePicture(poseId, side) {
      if (!POSE_ID.test(poseId)) return undefined;
      for (const name of side
        ? [poseFile(poseId, side), poseFile(poseId)]
        : [poseFile(poseId), poseFile(poseId, 'left')]) {
        const data = read(name);
        if (data) return { name, data };
      }
      return undefined;
    },
    poseViewpoint(poseId, side) {
      figures ??= loadFigures(join(dataDir, 'figures'));
      const figure = figures.get(poseId);
      return figure && viewpointOf(figure, figure.sided ? side : 'left');
    },
    stripPicture(_catalog, sequence) {
      figures ??= loadFigures(join(dataDir, 'figures'));
      if (manifest === null) {
        const file = join(dir, 'manifest.json');
        manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PictureManifest) : undefined;
      }
      const source = stripSource(sequence, figures);
      const name = stripFile(sequence.id);
      let data = strips.get(source.source);
      if (!data) {
        const entry = manifest?.pictures[name];
        const committed = entry?.source === source.source ? read(name) : undefined;
        data = committed && hash(committed) === entry?.png ? committed : renderPng(source.svg);
        strips.set(source.source, data);
      }
      return { name, data };
    },
    committed(name) {
      if (!/^[A-Za-z0-9_.-]{1,120}\.png$/.test(name)) return undefined;
      committedNames ??= new Set(readdirSync(dir).filter((n) => n.endsWith('.png')));
      return committedNames.has(name) ? read(name) : undefined;
    },
  };
}
