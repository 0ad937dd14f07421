import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { stepOf } from '../../stand-in/session-posts.ts';

const run = promisify(execFile);
/** `npm run rehearse -- …` without npm in between: the same Node and entry point. */
async function rehearse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['stand-in/rehearse/main.ts', ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run rehearse', () => {
  test('GIVEN the back class at 120× THEN the whole session prints in order and it exits 0', async () => {
    const { code, stdout, stderr } = await rehearse('--speed', '120');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const order = [
      '/yin start back',
      'Yin for the Back',
      'GATHER',
      'PRACTISE SAFELY',
      'IF THIS IS YOU',
      'THE CLASS',
      '━━ 1/9 · Wide-Knee',
      '━━ Rebound · On Your Back',
      '━━ 3/9 · Dragonfly — side bend (left side)',
      'Left side: Lean sideways',
      '━━ Break · Windshield Wipers',
      '━━ Counterpose · Knees Hugged',
      '━━ Final rest · Savasana',
      '━━ Closing — Yin for the Back',
    ];
    const at = order.map((s) => stdout.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(stdout).toContain('[Pause] [Resume] [Skip] [+1 min] [End]');
    // Read at the moment each post arrived: at 120× every 8 ms of posting latency is a practice
    // second, so allow a few. A 3-minute hold after its 30–45 s transition ends in 3:30–3:45.
    const holds = stdout.match(/HOLD BEGINS\n\s+in (\d+:\d+)\s+ENDS\n\s+in (\d+:\d+)/g);
    expect(holds?.length).toBeGreaterThanOrEqual(13);
    const rest = /Final rest · Savasana[\s\S]*?REST BEGINS\n\s+in (\d+:\d+)\s+ENDS\n\s+in (\d+):\d+/.exec(stdout);
    // 45 s to lie down, then 5 minutes' rest: ends in 5:45, give or take Discord's whole-second
    // timestamps (at 120× a second is two minutes of practice).
    expect(Number(rest?.[2])).toBeGreaterThanOrEqual(4);
    expect(Number(rest?.[2])).toBeLessThanOrEqual(7);
  }, 60_000);

  test('GIVEN --channel voice THEN each post shows what the bot rings and says, and the voice server heard bells', async () => {
    const { code, stdout, stderr } = await rehearse('--channel', 'voice', '--speed', '240');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /3\/9 · Dragonfly — side bend \(left side\)[\s\S]*?♪ bell · “Dragonfly side bend\.[^”]*” · “Lean sideways over your left leg\.”/,
    );
    expect(stdout).toMatch(/♪ bell · bell · bell · “/);
    expect(stdout).toMatch(/♪ the voice channel heard .*: bell/);
  }, 60_000);

  test('GIVEN --html FILE THEN the terminal names each picture, and the page shows them all inline with their alt text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yin-html-')), 'session.html');
    const { code, stdout, stderr } = await rehearse('--speed', '600', '--html', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const flat = stdout.replace(/\s+/g, ' ');
    expect(flat).toMatch(
      /🖼 strip-back\.png \(\d+\.\d KB\) — The class in order: Wide-Knee Child's Pose, Rebound · On Your Back,/,
    );
    expect(flat).toMatch(
      /🖼 dragonfly-side-bend-left\.png \(\d+\.\d KB\) — The pose: Dragonfly — side bend, left side, seen from behind\./,
    );
    const page = readFileSync(file, 'utf8');
    // The strip and one figure per pose step (16 in the back class), each a PNG inline.
    const images = [
      ...page.matchAll(/<img class="(thumb|image)" src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)"/g),
    ];
    expect(images.map((m) => m[1])).toEqual(['image', ...Array(16).fill('thumb')]);
    expect(images.every((m) => (m[2] ?? '').length > 10)).toBe(true);
    expect(page).toContain('<h3>3/9 · Dragonfly — side bend (left side)</h3>');
  }, 60_000);

  test('GIVEN --json THEN one raw payload per line', async () => {
    const { code, stdout } = await rehearse('--speed', '600', '--json');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { nonce?: string; embeds: unknown[]; components: unknown[] });
    expect(lines.length).toBeGreaterThanOrEqual(16);
    // The opening is the edited answer to /yin start (no nonce); the steps after it are posts.
    expect(lines.slice(0, 3).map(stepOf)).toEqual([0, 1, 2]);
    expect(lines[0]?.nonce).toBeUndefined();
    expect(lines[1]?.nonce).toMatch(/\.1$/);
  }, 60_000);

  test('GIVEN an unknown sequence THEN a clear line and exit 2', async () => {
    const { code, stderr } = await rehearse('--sequence', 'my-flow');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no sequence "my-flow".*known: back/);
  });

  test("GIVEN a sequence author's broken file THEN zod's errors name the file and field", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yin-flow-'));
    cpSync('data', dir, { recursive: true });
    const back = JSON.parse(readFileSync(join(dir, 'sequences', 'back.json'), 'utf8'));
    writeFileSync(join(dir, 'sequences', 'my-flow.json'), JSON.stringify({ ...back, id: 'my-flow', safety: [] }));
    const { code, stderr } = await rehearse('--sequence', 'my-flow', '--data', dir);
    expect(code).toBe(2);
    expect(stderr).toContain(`${dir} has 1 problem(s)`);
    expect(stderr).toContain('sequences/my-flow.json: safety: Too small');
  });
});
