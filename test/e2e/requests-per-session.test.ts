// Every request one session makes, counted by the stand-in Discord: the figures the ceiling in
// docs/operating.md (Reliability and scale) rests on (`npm run bench -- --requests` prints the same table).
import { describe, expect, test } from 'vitest';
import { countSessionRequests } from '../../bench/requests.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';

const catalog = loadCatalog('data');
const steps = buildTimeline(catalog, catalog.sequences.get('back')!, 3).steps.length;

describe('requests per session', () => {
  test('GIVEN one back class THEN the opening started here is the interaction answer, the thread needs no post, and the voice status changes once per step', async () => {
    const n = await countSessionRequests();
    // Started in its own channel: every step but the opening is a post; the opening is the
    // deferred answer edited (two interaction requests, which the global limit doesn't count);
    // the closing opens the thread and nothing more.
    expect(n.text).toEqual({
      posts: steps - 1,
      edits: 0,
      threads: 1,
      voiceStatuses: 0,
      other: 0,
      counted: steps,
      interaction: 2,
    });
    // Started elsewhere (`channel:`): the opening is a post, the answer a private line.
    expect(n['text, channel: elsewhere']).toEqual({
      posts: steps,
      edits: 0,
      threads: 1,
      voiceStatuses: 0,
      other: 0,
      counted: steps + 1,
      interaction: 1,
    });
    // A voice channel's chat holds no thread: the closing is edited to say where to share. The
    // status follows every step but the closing, and is put back at the end.
    expect(n['voice, with sound']).toEqual({
      posts: steps - 1,
      edits: 1,
      threads: 0,
      voiceStatuses: steps,
      other: 0,
      counted: 2 * steps,
      interaction: 2,
    });
  }, 240_000);
});
