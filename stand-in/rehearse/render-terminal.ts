import type { APIEmbed, APIMessage, APIMessageComponent } from 'discord.js';

export interface RenderOptions {
  /** When the message was read (epoch ms): relative timestamps are shown from here. */
  now: number;
  /** YIN_SPEED of the run: countdowns are shown in practice time, not wall time. */
  speed: number;
  /** Names for `<@id>` and `<#id>`. */
  names?: Record<string, string>;
  /** Wrap width for text. */
  width?: number;
}

const BOLD = /\*\*(.+?)\*\*/g;
const ITALIC = /(?<![*\w])\*(?!\s)(.+?)\*(?![*\w])/g;

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** Discord markup to plain terminal text: timestamps as countdowns, mentions as names. */
export function plain(text: string, o: RenderOptions): string {
  return text
    .replace(/ \(<t:\d+:[tT]>\)/g, '')
    .replace(/<t:(\d+):R>/g, (_m, s: string) => `in ${clock((Number(s) * 1000 - o.now) * o.speed)}`)
    .replace(/<t:(\d+)(?::[tTdDfF])?>/g, (_m, s: string) =>
      new Date(Number(s) * 1000).toISOString().slice(0, 16).replace('T', ' '),
    )
    .replace(/<@!?(\d+)>/g, (_m, id: string) => `@${o.names?.[id] ?? id}`)
    .replace(/<#(\d+)>/g, (_m, id: string) => `#${o.names?.[id] ?? id}`)
    .replace(BOLD, '$1')
    .replace(ITALIC, '$1')
    .replace(/`([^`]+)`/g, '$1');
}

function wrap(text: string, width: number, indent = ''): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.split(' ');
      const out: string[] = [];
      let current = '';
      for (const word of words) {
        if (current && `${indent + current} ${word}`.length > width) {
          out.push(indent + current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      out.push(indent + current);
      return out.join('\n');
    })
    .join('\n');
}

function buttons(components: APIMessageComponent[] | undefined): string | undefined {
  const labels: string[] = [];
  const walk = (c: APIMessageComponent) => {
    if ('label' in c && c.label) labels.push(`[${c.label}]`);
    if ('components' in c && Array.isArray(c.components)) for (const x of c.components) walk(x as APIMessageComponent);
  };
  for (const c of components ?? []) walk(c);
  return labels.length ? labels.join(' ') : undefined;
}

function embed(e: APIEmbed, o: RenderOptions, width: number): string[] {
  const lines: string[] = [];
  if (e.title)
    lines.push(`━━ ${plain(e.title, o)} ${'━'.repeat(Math.max(3, width - e.title.length - 4))}`.slice(0, width));
  if (e.description) lines.push(wrap(plain(e.description, o), width));
  for (const f of e.fields ?? []) {
    lines.push('', `  ${plain(f.name, o).toUpperCase()}`);
    lines.push(wrap(plain(f.value, o), width, '    '));
  }
  if (e.footer?.text) lines.push('', wrap(plain(e.footer.text, o), width, '  · '));
  return lines;
}

type Shown = Pick<APIMessage, 'content' | 'embeds' | 'components'> & {
  attachments?: readonly { filename: string; size: number; description?: string }[];
};

/** One message as a member would read it, for a terminal. Pure: the same input prints the same. */
export function renderMessage(m: Shown, o: RenderOptions): string {
  const width = o.width ?? 78;
  const lines: string[] = [];
  if (m.content) lines.push(wrap(plain(m.content, o), width));
  for (const e of m.embeds ?? []) lines.push(...embed(e, o, width));
  // A terminal can't show the picture: its name, size and alt text say what a member sees.
  for (const a of m.attachments ?? [])
    lines.push(
      '',
      wrap(
        `🖼 ${a.filename} (${(a.size / 1024).toFixed(1)} KB)${a.description ? ` — ${a.description}` : ''}`,
        width,
        '  ',
      ),
    );
  const row = buttons(m.components);
  if (row) lines.push('', `  ${row}`);
  return lines.join('\n');
}
