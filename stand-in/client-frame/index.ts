// Opens the class view the way the Discord client does: a page on the Activity's own origin (as
// Discord's proxy serves it) whose iframe loads the Activity with Discord's query, and whose
// script (frame.js) answers the Embedded App SDK's postMessage RPC. Same origin, so the real SDK
// accepts its messages. Codes and tokens come from the stand-in Discord's OAuth2 world.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { FakeDiscord } from '../discord/fake.ts';
import { APP_ID, type FixtureUser } from '../discord/fixtures.ts';
import { activityOf } from '../discord/rest/activity.ts';

const FRAME_HTML = readFileSync(join(import.meta.dirname, 'frame.html'));
const FRAME_JS = readFileSync(join(import.meta.dirname, 'frame.js'));

/** Debian's Chromium (chromium-headless-shell or chromium), or YIN_CHROMIUM; undefined when none. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.YIN_CHROMIUM,
    '/usr/lib/chromium/chromium-headless-shell',
    '/usr/bin/chromium-headless-shell',
    '/usr/bin/chromium',
  ];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export interface ClassViewOptions {
  browser: Browser;
  fake: FakeDiscord;
  /** The Activity's origin, e.g. http://127.0.0.1:8090 (Discord: https://<app id>.discordsays.com). */
  origin: string;
  user: FixtureUser;
  instanceId: string;
  /** What Discord puts in the iframe's URL (the Activity must not trust it). */
  channelId: string;
  guildId: string;
  platform?: 'desktop' | 'mobile';
  viewport: { width: number; height: number };
  /** The browser's language (navigator.language), e.g. de-DE. */
  locale?: string;
}

export interface ClassView {
  context: BrowserContext;
  page: Page;
  /** The Activity's own document, inside the frame. */
  activity(): Frame;
  /** Every URL the page and the Activity requested. */
  requests: string[];
  /** The console lines of both documents (CSP violations show here). */
  console: string[];
  /** The SDK commands the stand-in client answered, in order. */
  rpcLog(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openClassView(o: ClassViewOptions): Promise<ClassView> {
  const context = await o.browser.newContext({
    viewport: o.viewport,
    deviceScaleFactor: 1,
    ...(o.locale ? { locale: o.locale } : {}),
  });
  await context.route(`${o.origin}/__stand-in/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/__stand-in/frame.js')
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: FRAME_JS });
    return route.fulfill({ status: 200, contentType: 'text/html', body: FRAME_HTML });
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleLines: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => consoleLines.push(m.text()));
  const world = activityOf(o.fake);
  // What the Discord client knows: who is signed in. The stand-in Discord makes the code.
  await page.exposeFunction('standInAuthorize', () => world.authorize(o.user.id));
  await page.exposeFunction('standInAuthenticate', (token: string) => {
    if (world.tokens.get(token) !== o.user.id) throw new Error('Invalid access token');
    return { ...o.user, application_id: APP_ID };
  });
  const query = new URLSearchParams({
    instance_id: o.instanceId,
    channel_id: o.channelId,
    guild_id: o.guildId,
    platform: o.platform ?? 'desktop',
    location_id: `gc-${o.guildId}-${o.channelId}`,
  });
  await page.goto(`${o.origin}/__stand-in/client?${query}`);
  const activity = () => {
    const frame = page.frames().find((f) => f !== page.mainFrame());
    if (!frame) throw new Error('the Activity frame is not there');
    return frame;
  };
  return {
    context,
    page,
    activity,
    requests,
    console: consoleLines,
    rpcLog: () => page.evaluate('window.rpcLog') as Promise<string[]>,
    close: () => context.close(),
  };
}
