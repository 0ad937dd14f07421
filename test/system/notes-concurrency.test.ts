import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { NotesRepo } from '../../src/members/notes-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';

const MEMBERS = 100;
const PER_MEMBER_PER_PROCESS = 5; // two processes: 1,000 notes in all

const tempDir = mkdtempSync(join(tmpdir(), 'yin-notes-conc-'));
let redis: TestRedis | undefined;
beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

const url = (file: string) => pathToFileURL(resolve(file)).href;

/** The second process: the same repo code, adding its half of the notes at the agreed moment. */
const CHILD = `
const { openStore } = await import(${JSON.stringify(url('src/store/open-store.ts'))});
const { NotesRepo } = await import(${JSON.stringify(url('src/members/notes-repo.ts'))});
const { systemClock } = await import(${JSON.stringify(url('src/domain/clock.ts'))});
const { STORE_URL, MEMBERS, PER, START_AT } = process.env;
const store = openStore(STORE_URL);
const repo = new NotesRepo(store, systemClock);
await new Promise((r) => setTimeout(r, Math.max(0, Number(START_AT) - Date.now())));
const work = [];
for (const m of JSON.parse(MEMBERS)) for (let i = 0; i < Number(PER); i++) work.push(repo.add(m, { text: 'child ' + m + ' ' + i }));
const notes = await Promise.all(work);
await store.close();
process.stdout.write(JSON.stringify(notes.map((n) => n.id)));
`;

function runChild(
  storeUrl: string,
  members: string[],
  startAt: number,
): Promise<{ code: number | null; ids: string[]; stderr: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: {
      ...process.env,
      STORE_URL: storeUrl,
      MEMBERS: JSON.stringify(members),
      PER: String(PER_MEMBER_PER_PROCESS),
      START_AT: String(startAt),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((done) =>
    child.once('exit', (code) => done({ code, ids: code === 0 ? (JSON.parse(stdout) as string[]) : [], stderr })),
  );
}

const backends = [
  { name: 'SQLite (one file, two processes)', needs: {}, url: () => `sqlite://${join(tempDir, 'shared.sqlite')}` },
  { name: 'Redis (two processes)', needs: needsRedis, url: () => redis?.url ?? 'redis://redis-did-not-start' },
];

for (const backend of backends) {
  describe(`concurrent notes on ${backend.name}`, backend.needs, () => {
    it('GIVEN 100 members adding 1,000 notes at once from two processes THEN every note is there, once, and nothing failed busy', async () => {
      const run = `${process.pid}x${Date.now().toString(36)}`;
      const members = Array.from({ length: MEMBERS }, (_, i) => `m${run}n${i}`);
      const store = openStore(backend.url());
      const repo = new NotesRepo(store, systemClock);
      try {
        const startAt = Date.now() + 1500; // the child needs a moment to load; then both go together
        const child = runChild(backend.url(), members, startAt);
        await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
        const mine = await Promise.all(
          members.flatMap((m) =>
            Array.from({ length: PER_MEMBER_PER_PROCESS }, (_, i) => repo.add(m, { text: `parent ${m} ${i}` })),
          ),
        );
        const other = await child;
        expect(other.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);
        expect(other.code, other.stderr).toBe(0);

        const expected = new Set([...mine.map((n) => n.id), ...other.ids]);
        expect(expected.size).toBe(2 * MEMBERS * PER_MEMBER_PER_PROCESS);
        const found: string[] = [];
        for (const m of members) {
          const notes = await repo.all(m);
          expect(notes).toHaveLength(2 * PER_MEMBER_PER_PROCESS);
          expect(notes.every((n) => n.userId === m && n.text.endsWith(`${m} ${n.text.split(' ').at(-1)}`))).toBe(true);
          found.push(...notes.map((n) => n.id));
        }
        expect(new Set(found)).toEqual(expected);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
