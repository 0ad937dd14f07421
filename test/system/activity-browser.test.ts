import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { chromium, type Browser, type Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildActivity } from '../../activity/build.ts';
import { findChromium, openClassView, type ClassView } from '../../stand-in/client-frame/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { ANNOUNCE_CHANNEL_ID, GUILD_ID, HOST, MEMBER, MOD, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { activityOf, CLIENT_SECRET } from '../../stand-in/discord/rest/activity.ts';
import { botEnv, spawnBot, type BotProcess } from '../helpers/bot-process.ts';
import { embedOf } from '../helpers/harness.ts';
import { skipUnless } from '../helpers/skip.ts';

// The class view in a browser: Debian's Chromium driven by playwright-core, the built page in
// the stand-in Discord client frame (the real Embedded App SDK), the bot as `npm start` runs it
// (so it can be killed with SIGKILL) against the stand-in Discord. Screenshots go to var/screenshots/activity/ (docs/activity/ keeps the ones looked at).
const executablePath = findChromium();
const SHOTS = join(import.meta.dirname, '..', '..', 'var', 'screenshots', 'activity');
const SPEED = 10;

let fake: FakeDiscord;
let browser: Browser;
let env: Record<string, string>;
let origin: string;
let bot: BotProcess;
const bots: BotProcess[] = [];
const views: ClassView[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startBot(): Promise<BotProcess> {
  const b = spawnBot(env);
  bots.push(b);
  await b.waitForLine((l) => l.event === 'gateway.ready', 20_000);
  return b;
}

const posts = () => fake.messages(TEXT_CHANNEL_ID).filter((m) => m.embeds.length > 0);
const lastPost = () => posts().at(-1)!;
const endsOf = (m: APIMessage) =>
  Number(/<t:(\d+):R>/.exec(embedOf(m).fields?.find((f) => f.name === 'Ends')?.value ?? '')?.[1]);
const button = (m: APIMessage, label: string) => {
  for (const row of (m.components ?? []) as { components: { label?: string; custom_id?: string }[] }[])
    for (const b of row.components) if (b.label === label && b.custom_id) return b.custom_id;
  throw new Error(`no ${label} on ${m.id}`);
};

/** The Activity's document, as the functions below (run in the page) see it. */
interface Dom {
  document: {
    getElementById(id: string): { hidden: boolean; textContent: string | null; dataset: Record<string, string> } | null;
    querySelector(selector: string): { textContent: string | null; complete?: boolean; naturalWidth?: number } | null;
  };
}
/** What the page shows: an element's text, hidden flag or data attribute. */
const read = (frame: Frame) =>
  frame.evaluate(() => {
    const d = (globalThis as unknown as Dom).document;
    const el = (id: string) => d.getElementById(id);
    return {
      heading: d.querySelector('h1')?.textContent ?? '',
      state: el('app')?.dataset.state ?? '',
      paused: el('paused')?.hidden === false,
      seconds: Number(el('timer')?.dataset.seconds ?? Number.NaN),
      label: el('countdown-label')?.textContent ?? '',
      notice: el('notice')?.textContent ?? '',
      status: el('status')?.textContent ?? '',
    };
  });
type Shown = Awaited<ReturnType<typeof read>>;

/**
 * Polls the page (through the debugging protocol: the page's own CSP forbids eval) until
 * `check` holds; returns how long that took.
 */
async function until(frame: () => Frame, check: (shown: Shown) => boolean, timeoutMs = 5000): Promise<number> {
  const from = Date.now();
  for (;;) {
    const shown = await read(frame()).catch(() => undefined);
    if (shown && check(shown)) return Date.now() - from;
    if (Date.now() - from > timeoutMs) throw new Error(`the page never showed it: ${JSON.stringify(shown)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
/** The heading a step's view shows: the pose's name ("2/8 · Dragon (left side)", "Rebound · On Your Back"). */
const headingOf = (title: string) =>
  title
    .replace(/^\d+\/\d+ · /, '')
    .replace(/ \(.*\)$/, '')
    .replace(/^[^·]+ · /, '');
const text = (frame: Frame, id: string) => frame.locator(`#${id}`).textContent();
const seconds = async (frame: Frame) => (await read(frame)).seconds;

beforeAll(async () => {
  if (!executablePath) return;
  mkdirSync(SHOTS, { recursive: true });
  await buildActivity();
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  env = botEnv(fake, {
    YIN_SPEED: String(SPEED),
    YIN_ACTIVITY_PORT: String(port),
    DISCORD_CLIENT_SECRET: CLIENT_SECRET,
  });
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  bot = await startBot();
}, 60_000);

afterAll(async () => {
  for (const v of views) await v.close().catch(() => {});
  await browser?.close();
  for (const b of bots) b.child.kill('SIGKILL');
  await fake?.stop();
});

describe(
  'the class view in the stand-in Discord client',
  skipUnless(
    !!executablePath,
    'no Chromium from Debian to drive',
    'apt-get install -y --no-install-recommends chromium-headless-shell',
  ),
  () => {
    let instance: string;
    let host: ClassView;
    let member: ClassView;

    test('GIVEN a class in a text channel and "Class view" pressed THEN host and member see the step the channel shows, with the post’s countdown', async () => {
      await fake.slash({
        user: HOST,
        channelId: TEXT_CHANNEL_ID,
        name: 'yin',
        subcommand: 'start',
        options: { sequence: 'back', hold: 3 },
      }).response;
      const opening = await fake.waitFor(() => posts()[0], 10_000);
      expect(
        (await fake.click({ user: HOST, message: opening, customId: button(opening, 'Class view') }).response).type,
      ).toBe(12);
      expect(
        (await fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'view' }).response).type,
      ).toBe(12);
      instance = activityOf(fake).instanceIn(TEXT_CHANNEL_ID)!.instance_id;

      const where = { browser, fake, origin, instanceId: instance, channelId: TEXT_CHANNEL_ID, guildId: GUILD_ID };
      host = await openClassView({ ...where, user: HOST, viewport: { width: 1280, height: 800 } });
      // The member's iframe URL names another channel: the view must follow the instance's.
      member = await openClassView({
        ...where,
        user: MEMBER,
        channelId: ANNOUNCE_CHANNEL_ID,
        platform: 'mobile',
        viewport: { width: 390, height: 844 },
      });
      views.push(host, member);
      // The opening (the class's strip), while it lasts, for a person to look at.
      await until(member.activity, (shown) => shown.state === 'live', 10_000);
      if ((await read(member.activity())).label === 'First pose in')
        await member.page.screenshot({ path: join(SHOTS, 'phone-opening.png') });
      // Wait for the first pose, so both show a step with a hold.
      const first = await fake.waitFor(() => posts().find((m) => embedOf(m).title?.startsWith('1/')), 15_000);
      const pose = headingOf(embedOf(first).title!);
      for (const v of [host, member]) {
        await until(v.activity, (v) => v.heading === pose, 10_000);
        const f = v.activity();
        expect(await f.getByRole('heading', { level: 1 }).textContent()).toBe(pose);
        expect(await text(f, 'role')).toMatch(/^Hold 1\/\d+$/i);
        const img = f.getByRole('img');
        expect(await img.getAttribute('alt')).toMatch(new RegExp(`^The pose: ${pose}`));
        expect(
          await f.evaluate(() => {
            const i = (globalThis as unknown as Dom).document.querySelector('#picture');
            return !!i?.complete && (i.naturalWidth ?? 0) > 0;
          }),
        ).toBe(true);
        const timer = f.getByRole('timer');
        expect(await timer.getAttribute('aria-label')).toMatch(/(Hold begins in|Ends in) \d+ min \d+ s/);
        // The countdown ends when the post says (or, in the transition, when the hold begins).
        const left = await seconds(f);
        const label = await text(f, 'countdown-label');
        if (label === 'Ends in') expect(Math.abs(left - (endsOf(first) - Date.now() / 1000))).toBeLessThanOrEqual(1.5);
        else expect(left).toBeLessThan(endsOf(first) - Date.now() / 1000);
      }
      expect(await host.rpcLog()).toEqual(expect.arrayContaining(['HANDSHAKE', 'AUTHORIZE', 'AUTHENTICATE']));
      // The page asked nothing of any other origin, and broke none of its own policy.
      for (const v of [host, member]) {
        expect(v.requests.filter((u) => !u.startsWith(origin))).toEqual([]);
        expect(v.console.filter((l) => /Content Security Policy|Refused to/i.test(l))).toEqual([]);
      }
    }, 60_000);

    test('THEN only the host sees the controls, named as on the posts', async () => {
      const names = await host.activity().getByRole('button').allInnerTexts();
      expect(names).toEqual(['Pause', 'Skip', '+1 min', 'End']);
      expect(await member.activity().getByRole('button').count()).toBe(0);
    });

    test('GIVEN the host pauses THEN both views freeze within a second; Resume starts them again', async () => {
      await host.activity().getByRole('button', { name: 'Pause' }).click();
      const took = await Promise.all([host, member].map((v) => until(v.activity, (v) => v.paused, 1000)));
      expect(Math.max(...took)).toBeLessThan(1000);
      const before = await Promise.all([host, member].map((v) => seconds(v.activity())));
      await new Promise((r) => setTimeout(r, 1500));
      expect(await Promise.all([host, member].map((v) => seconds(v.activity())))).toEqual(before);
      expect(before[0]).toBe(before[1]);
      await host.page.screenshot({ path: join(SHOTS, 'desktop-host-paused.png') });
      await host.activity().getByRole('button', { name: 'Resume' }).click();
      await until(member.activity, (v) => !v.paused, 1000);
    });

    test('GIVEN +1 min THEN both countdowns grow by the minute (sped up), as the post’s end time does', async () => {
      const before = await seconds(member.activity());
      await host.activity().getByRole('button', { name: '+1 min' }).click();
      const grown = Math.round(60 / SPEED);
      await until(member.activity, (v) => v.seconds >= before + grown - 1, 1000);
    });

    test('GIVEN Skip THEN the next step reaches both views within a second', async () => {
      const count = posts().length;
      await host.activity().getByRole('button', { name: 'Skip' }).click();
      const next = await fake.waitFor(() => posts()[count], 3000);
      const heading = headingOf(embedOf(next).title!);
      const took = await Promise.all([host, member].map((v) => until(v.activity, (v) => v.heading === heading, 1000)));
      expect(Math.max(...took)).toBeLessThan(1000);
    });

    test('GIVEN the member forces the hidden controls open and presses Skip THEN the bot refuses it', async () => {
      const f = member.activity();
      const count = posts().length;
      await f.evaluate(() => {
        const controls = (globalThis as unknown as Dom).document.getElementById('controls');
        if (controls) controls.hidden = false;
      });
      await f.getByRole('button', { name: 'Skip' }).click();
      await until(member.activity, (v) => /Only the host/.test(v.notice), 2000);
      await new Promise((r) => setTimeout(r, 500));
      expect(posts().length).toBe(count);
    });

    test('GIVEN a picture-in-picture frame THEN the pose and the countdown, nothing else', async () => {
      activityOf(fake).launch(TEXT_CHANNEL_ID, GUILD_ID, MOD.id);
      const pip = await openClassView({
        browser,
        fake,
        origin,
        user: MOD,
        instanceId: instance,
        channelId: TEXT_CHANNEL_ID,
        guildId: GUILD_ID,
        viewport: { width: 320, height: 180 },
      });
      views.push(pip);
      await until(pip.activity, (v) => v.state === 'live', 10_000);
      expect(await pip.activity().getByRole('timer').isVisible()).toBe(true);
      expect(await pip.activity().getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      expect(await pip.activity().getByRole('button').count()).toBe(0);
      await pip.close();
      activityOf(fake).leave(instance, MOD.id);
    }, 30_000);

    test('GIVEN someone not in the instance (a German browser) THEN the view refuses them, in German', async () => {
      const outsider = await openClassView({
        browser,
        fake,
        origin,
        user: MOD,
        instanceId: instance,
        channelId: TEXT_CHANNEL_ID,
        guildId: GUILD_ID,
        viewport: { width: 390, height: 844 },
        locale: 'de-DE',
      });
      views.push(outsider);
      await until(outsider.activity, (v) => v.state === 'refused', 10_000);
      expect(await text(outsider.activity(), 'status')).toBe(
        'Du bist nicht in dieser Stundenansicht. Öffne sie im Kanal, um beizutreten.',
      );
      expect(await outsider.activity().getByRole('timer').textContent()).not.toMatch(/\d/);
      await outsider.close();
    }, 30_000);

    test('GIVEN the bot is killed with SIGKILL mid-hold THEN both views say "reconnecting…" and, after the restart, show the right step without a reload', async () => {
      for (const v of [host, member])
        await v.activity().evaluate(() => {
          (globalThis as unknown as { kept: boolean }).kept = true;
        });
      bot.child.kill('SIGKILL');
      await bot.exited;
      for (const v of [host, member]) await until(v.activity, (v) => v.state === 'reconnecting', 3000);
      expect(await text(member.activity(), 'status')).toBe('reconnecting…');
      bot = await startBot();
      for (const v of [host, member]) {
        await until(v.activity, (v) => v.state === 'live', 15_000);
        // The same document: no reload.
        expect(await v.activity().evaluate(() => (globalThis as unknown as { kept?: boolean }).kept)).toBe(true);
      }
      // After the catch-up post (if the bot was away past a step), the step the channel shows.
      await new Promise((r) => setTimeout(r, 1500));
      const heading = headingOf(embedOf(lastPost()).title!);
      for (const v of [host, member]) await until(v.activity, (v) => v.heading === heading, 2000);
      const left = await seconds(member.activity());
      if ((await text(member.activity(), 'countdown-label')) === 'Ends in')
        expect(Math.abs(left - (endsOf(lastPost()) - Date.now() / 1000))).toBeLessThanOrEqual(1.5);
    }, 60_000);

    test('GIVEN a hold on one side THEN the side in words; screenshots at phone, desktop and picture-in-picture sizes', async () => {
      // Skip on to the next hold done on the left side.
      for (let i = 0; i < 20 && !/\(left side\)$/.test(embedOf(lastPost()).title ?? ''); i++) {
        const count = posts().length;
        await host.activity().getByRole('button', { name: 'Skip' }).click();
        await fake.waitFor(() => posts()[count], 3000);
      }
      const title = embedOf(lastPost()).title!;
      expect(title).toMatch(/^\d+\/\d+ · .*\(left side\)$/);
      for (const v of [host, member]) await until(v.activity, (shown) => shown.heading === headingOf(title), 2000);
      expect(await text(member.activity(), 'side')).toBe('Left side');
      activityOf(fake).launch(TEXT_CHANNEL_ID, GUILD_ID, MOD.id);
      const pip = await openClassView({
        browser,
        fake,
        origin,
        user: MOD,
        instanceId: instance,
        channelId: TEXT_CHANNEL_ID,
        guildId: GUILD_ID,
        viewport: { width: 320, height: 180 },
      });
      views.push(pip);
      await until(pip.activity, (shown) => shown.state === 'live' && shown.heading === headingOf(title), 10_000);
      await member.page.screenshot({ path: join(SHOTS, 'phone-member.png') });
      await host.page.screenshot({ path: join(SHOTS, 'desktop-host.png') });
      await pip.page.screenshot({ path: join(SHOTS, 'pip.png') });
    }, 60_000);
    test('GIVEN the host presses End THEN both views show the class has ended, without controls', async () => {
      await host.activity().getByRole('button', { name: 'End' }).click();
      const took = await Promise.all(
        [host, member].map((v) => until(v.activity, (shown) => /The class has ended/.test(shown.notice), 3000)),
      );
      expect(Math.max(...took)).toBeLessThan(3000);
      await until(host.activity, (shown) => shown.heading === 'Yin for the Back', 2000);
      expect(await host.activity().getByRole('button').count()).toBe(0);
    }, 30_000);
  },
);

describe(
  'the page as built',
  skipUnless(
    !!executablePath,
    'no Chromium from Debian to drive',
    'apt-get install -y --no-install-recommends chromium-headless-shell',
  ),
  () => {
    test('index.html is never cached and carries its policy; assets have hashed names, cached for good; the script is at most 60 KB gzipped', async () => {
      const page = await fetch(`${origin}/`);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
      const html = await page.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const assets = [...html.matchAll(/\/assets\/([\w-]+\.(?:js|css))/g)].map((m) => m[1]!);
      expect(assets).toHaveLength(2);
      for (const name of assets) {
        expect(name).toMatch(/^(main|style)-[A-Z0-9]{8}\.(js|css)$/);
        const res = await fetch(`${origin}/assets/${name}`);
        expect(res.headers.get('cache-control')).toMatch(/immutable/);
        const body = Buffer.from(await res.arrayBuffer());
        if (name.endsWith('.js')) expect(gzipSync(body).length).toBeLessThanOrEqual(60 * 1024);
      }
    });
  },
);
