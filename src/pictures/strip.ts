import type { Sequence, StepRole } from '../domain/catalog-schema.ts';
import type { Figure } from './figure-schema.ts';
import { STYLE } from './style.ts';
import type { Side } from '../domain/timeline.ts';
import { figureGroup } from './svg.ts';

/** One picture of a strip: a pose step, or each side of a step done on both. */
export interface StripTile {
  pose: string;
  side: Side;
  role: StepRole;
}

/** The sequence's steps in order, a step on both sides as left then right (as the class runs them). */
export function stripTiles(sequence: Sequence): StripTile[] {
  return sequence.steps.flatMap((step): StripTile[] => {
    const role = step.role;
    if (step.sides === 'both')
      return [
        { pose: step.pose, side: 'left', role },
        { pose: step.pose, side: 'right', role },
      ];
    return [{ pose: step.pose, side: step.sides ?? 'left', role }];
  });
}

const TILE = { scale: 0.5, gap: 12 } as const;
const tileW = STYLE.width * TILE.scale;
const tileH = STYLE.height * TILE.scale;

/**
 * How many tiles a row holds: the layout nearest the shape Discord shows an image in (about
 * 550 × 350), from 3 to 6 across, so each tile stays ~100 px wide or more on a phone.
 */
export function stripColumns(count: number): number {
  const target = 550 / 350;
  let best = Math.min(3, count);
  let score = Number.POSITIVE_INFINITY;
  for (let cols = Math.min(3, count); cols <= Math.min(6, count); cols++) {
    const rows = Math.ceil(count / cols);
    const w = cols * tileW + (cols + 1) * TILE.gap;
    const h = rows * tileH + (rows + 1) * TILE.gap;
    // Empty cells in the last row count against a layout as much as a poor shape.
    const s = Math.abs(Math.log(w / h / target)) + (rows * cols - count) / count;
    if (s < score) [best, score] = [cols, s];
  }
  return best;
}

/**
 * A sequence's strip as SVG: each step's figure as a small card, wrapped into rows, holds on the
 * usual card and rests, rebounds, breaks and counterposes on a cooler one; a pose with no figure
 * gets an empty card.
 */
export function stripSvg(sequence: Sequence, figures: ReadonlyMap<string, Figure>): string {
  const tiles = stripTiles(sequence);
  const cols = stripColumns(tiles.length);
  const rows = Math.ceil(tiles.length / cols);
  const W = cols * tileW + (cols + 1) * TILE.gap;
  const H = rows * tileH + (rows + 1) * TILE.gap;
  const groups = tiles.map((t, i) => {
    const x = TILE.gap + (i % cols) * (tileW + TILE.gap);
    const y = TILE.gap + Math.floor(i / cols) * (tileH + TILE.gap);
    const card = t.role === 'hold' ? STYLE.colours.card : STYLE.colours.cardRest;
    const figure = figures.get(t.pose);
    const inner = figure
      ? figureGroup(figure, figure.sided ? t.side : 'left', { id: `t${i}`, card })
      : `<rect x="${STYLE.inset}" y="${STYLE.inset}" width="${STYLE.width - 2 * STYLE.inset}" height="${STYLE.height - 2 * STYLE.inset}" rx="${STYLE.radius}" fill="${card}"/>`;
    return `<g transform="translate(${x} ${y}) scale(${TILE.scale})">${inner}</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${groups.join('')}</svg>`;
}
