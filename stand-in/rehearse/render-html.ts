// `npm run rehearse -- --html FILE`: the session as one page, pictures and all, so a newcomer can
// see what a channel would show without Discord. Pure: messages in, a self-contained page out.
import type { StoredMessage } from '../discord/messages.ts';
import { plain, type RenderOptions } from './render-terminal.ts';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Discord markup to HTML: **bold**, *italic*, line breaks; timestamps as in the terminal. */
function markup(text: string, o: RenderOptions): string {
  // Marks from the Unicode private-use area stand in for the tags while the text is escaped.
  const withMarks = text
    .replace(/\*\*(.+?)\*\*/g, '\ue000$1\ue001')
    .replace(/(?<![*\w])\*(?!\s)(.+?)\*(?![*\w])/g, '\ue002$1\ue003');
  return escapeHtml(plain(withMarks, o))
    .replace(/\ue000/g, '<strong>')
    .replace(/\ue001/g, '</strong>')
    .replace(/\ue002/g, '<em>')
    .replace(/\ue003/g, '</em>')
    .replace(/\n/g, '<br>');
}

function picture(m: StoredMessage, url: string | undefined, cls: string): string {
  const name = url?.startsWith('attachment://') ? url.slice('attachment://'.length) : undefined;
  const a = m.attachments.find((x) => x.filename === name);
  if (!a) return '';
  const src = `data:${a.content_type ?? 'image/png'};base64,${a.content.toString('base64')}`;
  return `<img class="${cls}" src="${src}" alt="${escapeHtml(a.description ?? '')}" title="${escapeHtml(a.filename)}">`;
}

function message(m: StoredMessage, channel: string, o: RenderOptions): string {
  const parts: string[] = [`<div class="channel">#${escapeHtml(channel)}</div>`];
  if (m.content) parts.push(`<p>${markup(m.content, o)}</p>`);
  for (const e of m.embeds) {
    const fields = (e.fields ?? [])
      .map(
        (f) =>
          `<div class="field${f.inline ? ' inline' : ''}"><h4>${markup(f.name, o)}</h4><div>${markup(f.value, o)}</div></div>`,
      )
      .join('');
    parts.push(
      `<div class="embed">${picture(m, e.thumbnail?.url, 'thumb')}${e.title ? `<h3>${markup(e.title, o)}</h3>` : ''}` +
        `${e.description ? `<div class="desc">${markup(e.description, o)}</div>` : ''}<div class="fields">${fields}</div>` +
        `${picture(m, e.image?.url, 'image')}${e.footer?.text ? `<footer>${markup(e.footer.text, o)}</footer>` : ''}</div>`,
    );
  }
  const labels: string[] = [];
  const walk = (c: unknown) => {
    const x = c as { label?: string; components?: unknown[] };
    if (x.label) labels.push(`<span class="button">${escapeHtml(x.label)}</span>`);
    for (const y of x.components ?? []) walk(y);
  };
  for (const c of m.components ?? []) walk(c);
  if (labels.length) parts.push(`<div class="buttons">${labels.join('')}</div>`);
  return `<article>${parts.join('')}</article>`;
}

const STYLE = `body{background:#313338;color:#dbdee1;font:15px/1.45 system-ui,sans-serif;max-width:760px;margin:2em auto;padding:0 1em}
article{margin:1.2em 0}.channel{color:#949ba4;font-size:12px}
.embed{background:#2b2d31;border-left:4px solid #7f9c8b;border-radius:4px;padding:.6em 1em;overflow:hidden}
.embed h3{margin:.2em 0 .5em;color:#f2f3f5}.embed h4{margin:.6em 0 .1em;font-size:13px;color:#f2f3f5}
.fields{display:flex;flex-wrap:wrap;gap:0 1.5em}.field{flex:1 1 100%}.field.inline{flex:1 1 28%}
.thumb{float:right;width:80px;margin:0 0 .5em 1em;border-radius:4px}.image{max-width:100%;border-radius:4px;margin-top:.6em}
footer{font-size:12px;color:#b5bac1;margin-top:.6em}.buttons{margin-top:.4em}
.button{display:inline-block;background:#4e5058;border-radius:3px;padding:.2em .8em;margin:.2em .4em 0 0;font-size:14px}
.status{color:#949ba4;font-size:13px}`;

/** The page: every message in order, pictures inline (data: URIs), then any voice statuses. */
export function renderPage(
  title: string,
  messages: { message: StoredMessage; channel: string }[],
  o: RenderOptions,
  statuses: string[] = [],
): string {
  const body = messages.map(({ message: m, channel }) => message(m, channel, { ...o, now: Date.parse(m.timestamp) }));
  const status = statuses.length
    ? `<h2>Voice channel status</h2>${statuses.map((s) => `<p class="status">${escapeHtml(s)}</p>`).join('')}`
    : '';
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style><body><h1>${escapeHtml(title)}</h1>${body.join('\n')}${status}</body></html>\n`;
}
