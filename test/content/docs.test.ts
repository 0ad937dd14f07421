// The README is the front door and docs/ holds the rest: these keep the two from drifting. The
// configuration table names every variable config.ts reads, the README stays short, and every
// relative link (and the heading it points at) is there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string): string => readFileSync(file, 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => join(ROOT, 'docs', f));
const PAGES = [join(ROOT, 'README.md'), ...DOCS];

/** The lines of one `## heading` section, up to the next heading of its level or above. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const from = lines.findIndex((l) => l.trim() === heading);
  if (from < 0) return '';
  const level = heading.match(/^#+/)?.[0].length ?? 2;
  const rest = lines.slice(from + 1);
  const end = rest.findIndex((l) => /^#+ /.test(l) && (l.match(/^#+/)?.[0].length ?? 0) <= level);
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

/** The variables named in the first column of the section's tables. */
function tableVariables(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .map((l) => l.match(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/)?.[1])
      .filter((v): v is string => v !== undefined),
  );
}

/** Markdown without its fenced code blocks and inline code, where a "link" is only text. */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** Every link target a page names: [text](target), ![alt](target), src="…" and href="…". */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const md = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const html = [...text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  return [...md, ...html];
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of markdown.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
    const h = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!h) continue;
    const base = h[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

test('GIVEN config.ts THEN every variable it reads has a row in the configuration table of docs/operating.md', () => {
  expect(CONFIG_VARIABLES).toContain('DISCORD_TOKEN');
  const table = tableVariables(section(read(join(ROOT, 'docs', 'operating.md')), '## Configuration'));
  const missing = CONFIG_VARIABLES.filter((v) => !table.has(v));
  expect(missing, 'variables config.ts reads that docs/operating.md#configuration lacks').toEqual([]);
});

test('GIVEN the README THEN it is a front door: at most 250 lines, with the two commands', () => {
  const readme = read(join(ROOT, 'README.md'));
  expect(readme.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(250);
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm ci && npm test');
});

test.each(PAGES.map((p) => [relative(ROOT, p), p]))(
  'GIVEN %s THEN every relative link points at a file that exists, and at a heading it has',
  (_name, page) => {
    const broken: string[] = [];
    for (const target of linkTargets(read(page))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, attachment:
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? page : join(dirname(page), decodeURIComponent(path));
      if (!existsSync(file)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && statSync(file).isFile() && file.endsWith('.md') && !anchors(read(file)).has(anchor))
        broken.push(`${target}: no such heading`);
    }
    expect(broken).toEqual([]);
  },
);
