import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CATCH_UP_NOTE, renderStep } from '../src/discord/render-session.ts';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { stop } from '../src/domain/session.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { backSession } from './helpers/session.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const t = buildTimeline(catalog, catalog.sequences.get('back')!, 3);
const T0 = Date.parse('2026-11-26T18:00:00Z');
const s = backSession(T0);
const closing = t.steps.length - 1;
const description = (body: ReturnType<typeof renderStep>) => body.embeds?.[0]?.description ?? '';

test('GIVEN the bot was away THEN the catch-up pose or closing says so; a closing the host brought forward says that instead', () => {
  expect(description(renderStep(s, t, 5, 0))).not.toContain(CATCH_UP_NOTE);
  expect(description(renderStep(s, t, 5, 2))).toContain(CATCH_UP_NOTE);
  expect(description(renderStep(s, t, closing, 3))).toContain(CATCH_UP_NOTE);
  const stopped = description(renderStep(stop(s, t, T0 + 10 * 60_000), t, closing, 3));
  expect(stopped).not.toContain(CATCH_UP_NOTE);
  expect(stopped).toContain('Ended early by the host');
});

test('GIVEN a voice session THEN its opening says the sound in words; a text session’s opening has no sound field', () => {
  const field = (body: ReturnType<typeof renderStep>) => body.embeds?.[0]?.fields?.find((f) => f.name === 'Sound');
  expect(field(renderStep(s, t, 0, 0, { voice: true }))?.value).toBe(
    'singing bowl · normal volume · voice on · interval bell off',
  );
  const chosen = { ...s, sound: 'bell' as const, bell: 'chime' as const, volume: 'quiet' as const, interval: true };
  expect(field(renderStep(chosen, t, 0, 0, { voice: true }))?.value).toBe(
    'soft chime · quiet volume · voice off (bell only) · interval bell on',
  );
  expect(field(renderStep(chosen, t, 0, 0))).toBeUndefined();
  expect(field(renderStep(chosen, t, 1, 0, { voice: true }))).toBeUndefined(); // the opening only
});
