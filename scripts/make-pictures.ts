// Renders data/pictures: each pose's figure (data/figures/<pose>.json, drawn by src/pictures) as
// <pose>.png, or <pose>-left.png and <pose>-right.png (mirrored) for a sided figure; a strip per
// sequence in data/sequences (strip-<id>.png); and data/pictures/manifest.json, each file with the
// hash of what it was made from (its SVG: figure data and style, and the resvg version) and of the PNG.
// Run after editing data/figures, data/sequences or src/pictures: `npm run pictures` (`-- --force`
// redoes all). It installs nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { loadFigures } from '../src/pictures/figure-schema.ts';
import {
  allSources,
  type PictureManifest,
  type PictureManifestEntry,
  stalePictures,
} from '../src/pictures/manifest.ts';
import { hash, RESVG_VERSION, renderPng } from '../src/pictures/png.ts';

const started = performance.now();
const root = join(import.meta.dirname, '..');
const dataDir = join(root, 'data');
const outDir = join(dataDir, 'pictures');
const manifestFile = join(outDir, 'manifest.json');
const force = process.argv.includes('--force');

const catalog = loadCatalog(dataDir);
const figures = loadFigures(join(dataDir, 'figures'));
const missing = [...catalog.poses.keys()].filter((id) => !figures.has(id));
if (missing.length) console.warn(`make-pictures: no figure for ${missing.join(', ')} (add data/figures/<id>.json)`);

mkdirSync(outDir, { recursive: true });
const old: PictureManifest | undefined = existsSync(manifestFile)
  ? JSON.parse(readFileSync(manifestFile, 'utf8'))
  : undefined;
const sources = allSources(figures, catalog);
const stale = force ? new Map(sources.map((s) => [s.file, 'forced'])) : stalePictures(old, sources);

const pngWidth = (png: Buffer) => png.readUInt32BE(16);
const pngHeight = (png: Buffer) => png.readUInt32BE(20);
const pictures: Record<string, PictureManifestEntry> = {};
const made: string[] = [];
let kept = 0;
for (const s of sources) {
  const file = join(outDir, s.file);
  const previous = old?.pictures[s.file];
  if (previous && !stale.has(s.file) && existsSync(file) && hash(readFileSync(file)) === previous.png) {
    pictures[s.file] = previous;
    kept++;
    continue;
  }
  const png = renderPng(s.svg);
  writeFileSync(file, png);
  pictures[s.file] = {
    source: s.source,
    png: hash(png),
    width: pngWidth(png),
    height: pngHeight(png),
    bytes: png.length,
    ...(s.pose ? { pose: s.pose } : {}),
    ...(s.side ? { side: s.side } : {}),
    ...(s.sequence ? { sequence: s.sequence } : {}),
  };
  made.push(`${s.file} (${(png.length / 1024).toFixed(1)} KB${stale.get(s.file) ? `, was ${stale.get(s.file)}` : ''})`);
}

// Files no figure or sequence needs any more would only confuse: delete them.
const removed = readdirSync(outDir).filter((f) => f.endsWith('.png') && !pictures[f]);
for (const f of removed) unlinkSync(join(outDir, f));

const manifest: PictureManifest = { renderer: `resvg ${RESVG_VERSION}`, pictures };
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

const sizes = Object.values(pictures).filter((e) => e.pose);
const kb = (b: number) => (b / 1024).toFixed(1);
console.log(
  `make-pictures: ${sizes.length} pose pictures (${kb(Math.min(...sizes.map((e) => e.bytes)))}–${kb(Math.max(...sizes.map((e) => e.bytes)))} KB) and ` +
    `${Object.keys(pictures).length - sizes.length} strips in ${outDir}, ${Math.round(performance.now() - started)} ms`,
);
if (made.length) console.log(`  made:    ${made.join(', ')}`);
if (kept) console.log(`  current: ${kept}`);
if (removed.length) console.log(`  removed: ${removed.join(', ')}`);
