// Builds the class view's page: activity/src → activity/dist (index.html, assets/ with hashed
// names, so Discord's proxy and browsers may cache them for good while index.html is never
// cached). `npm run build:activity`; the browser tests call `buildActivity()` themselves.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

export const ACTIVITY_DIR = import.meta.dirname;
export const ACTIVITY_DIST = join(ACTIVITY_DIR, 'dist');

const LANGUAGES = ['en', 'de', 'fr', 'es-ES', 'pt-BR'];

/**
 * The page's own few sentences (before the bot's first snapshot, which brings the class's in
 * its language): `activity.page` of each src/locales file, picked by the browser's language.
 */
function pageWords(): Record<string, Record<string, string>> {
  const words: Record<string, Record<string, string>> = {};
  for (const lang of LANGUAGES) {
    const file = join(ACTIVITY_DIR, '..', 'src', 'locales', `${lang}.json`);
    const all = JSON.parse(readFileSync(file, 'utf8')) as { activity?: { page?: Record<string, string> } };
    words[lang] = all.activity?.page ?? {};
  }
  return words;
}

export async function buildActivity(outDir: string = ACTIVITY_DIST): Promise<{ js: string; css: string }> {
  rmSync(outDir, { recursive: true, force: true });
  const assets = join(outDir, 'assets');
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: { main: join(ACTIVITY_DIR, 'src', 'main.ts'), style: join(ACTIVITY_DIR, 'src', 'style.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'safari15'],
    outdir: assets,
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    define: { __PAGE_WORDS__: JSON.stringify(pageWords()) },
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((n) => n.startsWith('main-') && n.endsWith('.js'));
  const css = outputs.find((n) => n.startsWith('style-') && n.endsWith('.css'));
  if (!js || !css) throw new Error(`the build made ${outputs.join(', ')}: no main-*.js or style-*.css`);
  const html = readFileSync(join(ACTIVITY_DIR, 'index.html'), 'utf8').replace('%MAIN%', js).replace('%STYLE%', css);
  writeFileSync(join(outDir, 'index.html'), html);
  return { js, css };
}

if (process.argv[1] === import.meta.filename) {
  const { js, css } = await buildActivity();
  console.log(`class view built: activity/dist (${js}, ${css})`);
}
