import type { APIMessage } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Snapshot } from '../../src/activity/snapshot.ts';
import { activityOf, CLIENT_SECRET } from '../../stand-in/discord/rest/activity.ts';
import {
  ANNOUNCE_CHANNEL_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import { validateResponse } from '../../stand-in/discord/validate.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';

// The class view's listener against the stand-in Discord, without a browser: the token
// exchange, the live channel, who may control, and what is refused.
let h: Harness;
let base: string;
const logLines: string[] = [];
beforeAll(async () => {
  const log = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  h = await startHarness({
    speed: 20,
    log,
    env: { YIN_ACTIVITY_PORT: '0', DISCORD_CLIENT_SECRET: CLIENT_SECRET },
  });
  base = `http://127.0.0.1:${h.bot.activity!.port}`;
}, 30_000);
afterAll(async () => h?.stop());

const world = () => activityOf(h.fake);
const button = (m: APIMessage, label: string) => {
  for (const row of (m.components ?? []) as { components: { label?: string; custom_id?: string }[] }[])
    for (const b of row.components) if (b.label === label && b.custom_id) return b.custom_id;
  throw new Error(`no ${label} on ${m.id}`);
};

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${base}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: world().authorize(userId) }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Live {
  ws: WebSocket;
  views: Snapshot[];
  messages: any[];
  closed: Promise<{ code: number; reason: string }>;
  next(pred: (v: Snapshot) => boolean, ms?: number): Promise<Snapshot>;
  result(): Promise<{ ok: boolean; text?: string }>;
}

function connect(token: string, instance: string): Promise<Live> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live`);
  const messages: any[] = [];
  const views: Snapshot[] = [];
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.addEventListener('close', (e) => r({ code: e.code, reason: e.reason })),
  );
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data));
    messages.push(m);
    if (m.t === 'view') views.push(m.view);
  });
  const live: Live = {
    ws,
    views,
    messages,
    closed,
    next: (pred, ms = 1000) => h.fake.waitFor(() => views.find(pred), ms),
    async result() {
      const seen = messages.filter((m) => m.t === 'result').length;
      return h.fake.waitFor(() => messages.filter((m) => m.t === 'result')[seen], 2000);
    },
  };
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => {
      ws.send(JSON.stringify({ t: 'hello', token, instance }));
      resolve(live);
    });
    ws.addEventListener('error', () => reject(new Error('socket error')));
  });
}

const posts = () => h.fake.messages(TEXT_CHANNEL_ID).filter((m) => m.embeds.length > 0);

describe('a class in a text channel', () => {
  let opening: APIMessage;
  let instance: string;
  let host: Live;
  let member: Live;

  beforeAll(async () => {
    await h.fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', hold: 5 },
    }).response;
    opening = await h.fake.waitFor(() => posts()[0], 10_000);
  }, 20_000);

  test('GIVEN the opening THEN it carries "Class view", which answers LAUNCH_ACTIVITY with the instance', async () => {
    const click = h.fake.click({ user: MEMBER, message: opening, customId: button(opening, 'Class view') });
    expect((await click.response).type).toBe(12);
    const launched = world().instanceIn(TEXT_CHANNEL_ID);
    expect(launched?.users).toEqual([MEMBER.id]);
    instance = launched!.instance_id;
    // /yin view from the host joins the same instance.
    const slash = h.fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'view' });
    expect((await slash.response).type).toBe(12);
    expect(world().instanceIn(TEXT_CHANNEL_ID)?.users).toEqual([MEMBER.id, HOST.id]);
    // The instance route answers what Discord's spec says.
    const res = await fetch(
      `${h.fake.apiUrl}/v10/applications/${h.env.DISCORD_CLIENT_ID}/activity-instances/${instance}`,
      {
        headers: { authorization: `Bot ${h.env.DISCORD_TOKEN}` },
      },
    );
    const body = (await res.json()) as { location: unknown };
    expect(
      validateResponse('/applications/{application_id}/activity-instances/{instance_id}', 'get', 200, body).ok,
    ).toBe(true);
    expect(body.location).toMatchObject({ kind: 'gc', channel_id: TEXT_CHANNEL_ID });
  });

  test('GIVEN host and member signed in THEN both see the step the channel shows, with its times; only the host may control', async () => {
    host = await connect(await signIn(HOST.id), instance);
    member = await connect(await signIn(MEMBER.id), instance);
    const hv = await host.next(() => true);
    const mv = await member.next(() => true);
    const shown = posts().at(-1)!;
    expect(hv.title).toBe(embedOf(shown).title === 'Yin for the Back' ? 'Opening' : embedOf(shown).title);
    expect(mv.title).toBe(hv.title);
    expect(mv.endsAt).toBe(hv.endsAt);
    expect(hv.canControl).toBe(true);
    expect(mv.canControl).toBe(false);
  });

  test('GIVEN the next post THEN both views follow within a second, with the post’s end time', async () => {
    const before = posts().length;
    const post = await h.fake.waitFor(() => posts()[before], 15_000);
    const at = Date.now();
    const title = embedOf(post).title!;
    const hv = await host.next((v) => v.title === title);
    const mv = await member.next((v) => v.title === title);
    expect(Date.now() - at).toBeLessThan(1000);
    const ends = /<t:(\d+):R>/.exec(embedOf(post).fields?.find((f) => f.name === 'Ends')?.value ?? '')?.[1];
    expect(Math.round(hv.endsAt! / 1000)).toBe(Number(ends));
    expect(mv.endsAt).toBe(hv.endsAt);
  }, 20_000);

  test('GIVEN the member forges Skip THEN it is refused server-side and nothing moves', async () => {
    const state = h.bot.ctx.runner.get(TEXT_CHANNEL_ID)!;
    member.ws.send(JSON.stringify({ t: 'act', action: 'skip' }));
    const r = await member.result();
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(/^Only the host or members with Manage Messages can skip/);
    expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)!.shiftMs).toBe(state.shiftMs);
    expect(logLines.some((l) => l.includes('"activity.refused"') && l.includes(MEMBER.id))).toBe(true);
  });

  test('GIVEN the host pauses and resumes from the view THEN both views show it within a second', async () => {
    let at = Date.now();
    host.ws.send(JSON.stringify({ t: 'act', action: 'pause' }));
    expect((await host.result()).ok).toBe(true);
    const paused = await member.next((v) => v.paused);
    expect(Date.now() - at).toBeLessThan(1000);
    expect(paused.pausedRemainingMs).toBeGreaterThanOrEqual(0);
    at = Date.now();
    host.ws.send(JSON.stringify({ t: 'act', action: 'resume' }));
    await member.next((v) => !v.paused && member.views.indexOf(v) > member.views.indexOf(paused));
    expect(Date.now() - at).toBeLessThan(1000);
  });

  test('GIVEN a moderator (Manage Messages) in the instance THEN they may control too: the buttons’ rule', async () => {
    world().launch(TEXT_CHANNEL_ID, h.fake.state.guildIds[0]!, MOD.id);
    const mod = await connect(await signIn(MOD.id), instance);
    expect((await mod.next(() => true)).canControl).toBe(true);
    mod.ws.close();
  });

  test('GIVEN someone not in the instance THEN they are refused', async () => {
    world().leave(instance, MOD.id);
    const outsider = await connect(await signIn(MOD.id), instance);
    expect(await outsider.closed).toEqual({ code: 4003, reason: 'notInInstance' });
    expect(outsider.views).toEqual([]);
  });

  test('GIVEN a token Discord does not know, or a made-up instance THEN refused', async () => {
    const forged = await connect('not-a-token', instance);
    expect((await forged.closed).code).toBe(4001);
    const lost = await connect(await signIn(HOST.id), 'i-made-up');
    expect(await lost.closed).toEqual({ code: 4003, reason: 'instance' });
  });
});

test('GIVEN a class in a voice channel THEN the Activity launched there shows that class', async () => {
  await h.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 5, sound: 'off' },
  }).response;
  const opening = await h.fake.waitFor(
    () => h.fake.messages(VOICE_CHANNEL_ID).find((m) => m.embeds.length > 0),
    10_000,
  );
  const click = h.fake.click({ user: MEMBER, message: opening, customId: button(opening, 'Class view') });
  expect((await click.response).type).toBe(12);
  const voice = world().instanceIn(VOICE_CHANNEL_ID)!;
  expect(voice.instance_id).not.toBe(world().instanceIn(TEXT_CHANNEL_ID)?.instance_id);
  const live = await connect(await signIn(MEMBER.id), voice.instance_id);
  const view = await live.next(() => true, 3000);
  expect(view.session).toBe(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)!.id);
  expect(view.session).not.toBe(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)?.id);
  expect(view.canControl).toBe(false);
  live.ws.close();
}, 20_000);

describe('the token route', () => {
  test('GIVEN a bad code, a wrong body or a huge one THEN 400, 415 or 413', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${base}/api/token`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post(JSON.stringify({ code: 'nope' }))).status).toBe(400);
    expect((await post(JSON.stringify({ code: 'x', admin: true }))).status).toBe(400);
    expect((await post('code=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(JSON.stringify({ code: 'a'.repeat(10_000) }))).status).toBe(413);
    expect((await fetch(`${base}/api/token`)).status).toBe(405);
  });

  test('GIVEN too many sign-ins from one place THEN 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'nope' }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toContain(429);
  });

  test('THEN no access token or the client secret ever reaches a log line', () => {
    const tokens = [...world().tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    for (const secret of [...tokens, CLIENT_SECRET]) expect(all).not.toContain(secret);
  });
});

test('GIVEN no class in the channel THEN /yin view answers privately "no class here"', async () => {
  const slash = h.fake.slash({ user: MEMBER, channelId: ANNOUNCE_CHANNEL_ID, name: 'yin', subcommand: 'view' });
  const answer = await slash.response;
  expect(answer.type).toBe(4);
  expect(answer.data.flags & 64).toBe(64);
  expect(answer.data.content).toMatch(/no class running in this channel/);
  expect(world().instanceIn(ANNOUNCE_CHANNEL_ID)).toBeUndefined();
});

test('GIVEN an unknown path or a picture never shown THEN 404; the page is not served without a build or is no-store', async () => {
  expect((await fetch(`${base}/metrics`)).status).toBe(404);
  expect((await fetch(`${base}/pictures/secret.png`)).status).toBe(404);
  expect((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  const page = await fetch(`${base}/`);
  if (page.status === 200) expect(page.headers.get('cache-control')).toBe('no-store');
  else expect(page.status).toBe(503);
});

test('THEN every request the bot made was one Discord accepts', () => {
  expect(h.fake.invalid).toEqual([]);
});
