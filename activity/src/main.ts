// The class view: a Discord Activity page. It signs the viewer in through the Embedded App SDK,
// then draws what the bot's live channel says. Every sentence of the class comes from the bot in
// the session's language; the countdown is drawn from absolute times, so a late or reconnecting
// viewer shows the same seconds as the posts. It makes no sound.
import { DiscordSDK } from '@discord/embedded-app-sdk';
import type { ClientMessage, ServerMessage, Snapshot, ViewAction } from '../../src/activity/contract.ts';

const SDK_TIMEOUT_MS = 15_000;

type PageWord =
  | 'connectingDiscord'
  | 'signingIn'
  | 'connecting'
  | 'outside'
  | 'refusedSignin'
  | 'refusedInstance'
  | 'refusedNotInInstance'
  | 'refusedOther'
  | 'failedConnect'
  | 'failedSignin';
/** Put in by the build from src/locales (activity.page), per language. */
declare const __PAGE_WORDS__: Record<string, Partial<Record<PageWord, string>>>;

/** The page's sentences before the class's own arrive: in the browser's language, else English. */
function say(key: PageWord): string {
  const tags = [...(navigator.languages ?? []), navigator.language];
  for (const tag of tags) {
    const lang = Object.keys(__PAGE_WORDS__).find(
      (l) => l.toLowerCase() === tag.toLowerCase() || l.split('-')[0] === tag.split('-')[0],
    );
    const text = lang ? __PAGE_WORDS__[lang]?.[key] : undefined;
    if (text) return text;
  }
  return __PAGE_WORDS__.en?.[key] ?? key;
}
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const app = $('app');
const status = $('status');
const timer = $('timer');
const notice = $('notice');
const picture = $<HTMLImageElement>('picture');
const controls = $('controls');

let view: Snapshot | undefined;
/** Server clock − this clock, from the last snapshot. */
let offset = 0;
let socket: WebSocket | undefined;
let lastLabel = '';
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

function setStatus(text: string, state: string): void {
  status.textContent = text;
  app.dataset.state = state;
}

/**
 * Rejects with `sentence` (readable, in the viewer's language) when the Discord client doesn't
 * answer in time (a malformed reply hangs the SDK) or refuses (its reason after it).
 */
function within<T>(sentence: string, p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(sentence)), SDK_TIMEOUT_MS);
    p.then(
      (v) => {
        clearTimeout(timeout);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timeout);
        // The SDK rejects with the RPC error {code, message}: say the message, not [object Object].
        const message = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
        reject(new Error(`${sentence} (${message})`));
      },
    );
  });
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Draws the countdown: from the absolute time (running) or the frozen remainder (paused). */
function tick(): void {
  if (!view || view.countdownTo === null) {
    timer.textContent = '';
    timer.setAttribute('aria-label', view?.words.ended ?? 'time left');
    return;
  }
  const now = Date.now() + offset;
  let label = view.countdownLabel;
  let left: number;
  if (view.paused) left = view.pausedRemainingMs ?? 0;
  else {
    left = view.countdownTo - now;
    // A transition over: the hold has begun, count to its end.
    if (left <= 0 && view.phase === 'transition' && view.endsAt !== null) {
      left = view.endsAt - now;
      label = view.endsLabel;
    }
  }
  const seconds = Math.max(0, Math.ceil(left / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  timer.textContent = `${m}:${two(s)}`;
  $('countdown-label').textContent = label;
  const aria = view.words.timer
    .replace('{{label}}', label)
    .replace('{{minutes}}', String(m))
    .replace('{{seconds}}', String(s));
  if (aria !== lastLabel) {
    timer.setAttribute('aria-label', aria);
    lastLabel = aria;
  }
  timer.dataset.seconds = String(seconds);
}

function draw(next: Snapshot): void {
  view = next;
  offset = next.serverNow - Date.now();
  app.dataset.phase = next.phase;
  app.dataset.paused = String(next.paused);
  $('role').textContent = next.role;
  $('heading').textContent = next.heading;
  $('side').textContent = next.side;
  $('side').hidden = !next.side;
  if (next.picture) {
    if (picture.getAttribute('src') !== next.picture.src) picture.src = next.picture.src;
    picture.alt = next.picture.alt;
    picture.hidden = false;
  } else {
    picture.hidden = true;
    picture.removeAttribute('src');
    picture.alt = '';
  }
  $('next-label').textContent = next.words.next;
  $('next').textContent = next.next ?? '';
  $('next-line').hidden = !next.next;
  $('paused').textContent = next.words.paused;
  $('paused').hidden = !next.paused;
  for (const b of controls.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    const action = b.dataset.action as ViewAction;
    b.textContent = next.controls[action];
    b.hidden = (action === 'pause' && next.paused) || (action === 'resume' && !next.paused);
  }
  controls.hidden = !next.canControl;
  if (next.session === null) notice.textContent = next.words.noClass;
  else if (next.ended) notice.textContent = next.words.ended;
  else if (notice.dataset.kind !== 'result') notice.textContent = '';
  document.title = next.heading ? `${next.heading} · yin` : 'yin';
  tick();
}

function send(message: ClientMessage): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

controls.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (!b) return;
  notice.dataset.kind = '';
  send({ t: 'act', action: b.dataset.action as ViewAction });
});

const REFUSED: Record<string, PageWord> = {
  signin: 'refusedSignin',
  instance: 'refusedInstance',
  notInInstance: 'refusedNotInInstance',
};

/** The live channel: a snapshot on connect and on every change; reconnects with backoff. */
function live(token: string, instance: string, attempt = 0): void {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`;
  const ws = new WebSocket(url);
  socket = ws;
  let refused = false;
  ws.addEventListener('open', () => send({ t: 'hello', token, instance }));
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data)) as ServerMessage;
    if (m.t === 'view') {
      attempt = 0;
      setStatus('', 'live');
      draw(m.view);
    } else if (m.t === 'result' && !m.ok) {
      notice.dataset.kind = 'result';
      notice.textContent = m.text ?? '';
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        notice.dataset.kind = '';
        if (view) draw(view);
      }, 8000);
    } else if (m.t === 'refused') {
      refused = m.reason !== 'discord';
      if (refused) setStatus(say(REFUSED[m.reason] ?? 'refusedOther'), 'refused');
    }
  });
  ws.addEventListener('close', () => {
    if (refused) return;
    setStatus(view?.words.reconnecting ?? 'reconnecting…', 'reconnecting');
    const delay = Math.min(5000, 500 * 2 ** attempt);
    setTimeout(() => live(token, instance, attempt + 1), delay);
  });
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (!params.get('frame_id')) {
    setStatus(say('outside'), 'outside');
    return;
  }
  const clientId = document.querySelector<HTMLMetaElement>('meta[name="yin-client-id"]')?.content ?? '';
  // The SDK would send every console line to Discord: not wanted.
  const sdk = new DiscordSDK(clientId, { disableConsoleLogOverride: true });
  setStatus(say('connectingDiscord'), 'connecting');
  await within(say('failedConnect'), sdk.ready());
  setStatus(say('signingIn'), 'signing-in');
  const { code } = await within(
    say('failedSignin'),
    sdk.commands.authorize({
      client_id: clientId,
      response_type: 'code',
      state: '',
      prompt: 'none',
      scope: ['identify'],
    }),
  );
  const res = await fetch('/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
    signal: AbortSignal.timeout(SDK_TIMEOUT_MS),
  }).catch(() => {
    throw new Error(say('failedSignin'));
  });
  if (!res.ok) throw new Error(`${say('failedSignin')} (${res.status})`);
  const { access_token: token } = (await res.json()) as { access_token: string };
  await within(say('failedSignin'), sdk.commands.authenticate({ access_token: token }));
  setStatus(say('connecting'), 'connecting');
  live(token, sdk.instanceId);
}

setInterval(tick, 250);
start().catch((err: Error) => setStatus(err.message, 'failed'));
