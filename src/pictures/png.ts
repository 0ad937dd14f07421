import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

/** The renderer's version: part of every picture's source hash, since another may draw other pixels. */
export const RESVG_VERSION: string = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-js/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** SVG → PNG at the SVG's own size. No text is drawn, so no fonts are loaded (and none can differ). */
export function renderPng(svg: string): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng();
}

export const hash = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** What a picture is made from: its SVG (figure data and style, all in it) and the renderer. */
export const sourceHash = (svg: string): string => hash(`resvg ${RESVG_VERSION}\n${svg}`);
