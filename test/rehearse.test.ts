import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

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
  test('GIVEN the back sequence at 60× with 1-minute holds THEN the whole session prints in order and it exits 0', async () => {
    const { code, stdout, stderr } = await rehearse('--hold', '1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const order = [
      '/yin start back',
      'Yin for the Back',
      'PRACTISE SAFELY',
      '1/9 · Wide-Knee',
      '3/9 · Dragonfly — side bend (left side)',
      '9/9 · Knees Hugged',
      'Closing — Yin for the Back',
    ];
    const at = order.map((s) => stdout.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(stdout).toContain('[Pause] [Resume] [Skip] [+1 min] [End]');
    // Read at the moment each post arrived: at 60× every 16 ms of posting latency is a practice
    // second, so allow a few.
    const countdowns = stdout.match(/ENDS\n\s+in (\d+:\d+)/g)?.map((m) => m.split('in ')[1]);
    expect(countdowns).toHaveLength(9);
    for (const c of countdowns ?? []) expect(c).toMatch(/^(1:00|0:[45]\d)$/);
  }, 60_000);

  test('GIVEN --channel voice THEN each post shows what the bot rings and says, and the voice server heard bells', async () => {
    const { code, stdout, stderr } = await rehearse('--channel', 'voice', '--speed', '120', '--hold', '1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /3\/9 · Dragonfly — side bend \(left side\)[\s\S]*?♪ bell · “Dragonfly, side bend\. Open the side body\.” · “To the left\.”/,
    );
    expect(stdout).toMatch(/♪ bell · bell · bell · “Release the pose/);
    expect(stdout).toMatch(/♪ the voice channel heard .*: bell/);
  }, 60_000);

  test('GIVEN --json THEN one raw payload per line', async () => {
    const { code, stdout } = await rehearse('--speed', '300', '--hold', '1', '--json');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { nonce: string; embeds: unknown[] });
    expect(lines.length).toBeGreaterThanOrEqual(11);
    expect(lines[0]?.nonce).toMatch(/\.0$/);
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
