import { join } from 'node:path';
import { expect, test } from 'vitest';
import { catchUpNote, renderStep } from '../../src/discord/session/render.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { stop } from '../../src/domain/session.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { backSession } from '../helpers/session.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const t = buildTimeline(catalog, catalog.sequences.get('back')!, 3);
const T0 = Date.parse('2026-11-26T18:00:00Z');
const s = backSession(T0);
const closing = t.steps.length - 1;
const description = (body: ReturnType<typeof renderStep>) => body.embeds?.[0]?.description ?? '';

test('GIVEN the bot was away THEN the catch-up pose or closing says so; a closing the host brought forward says that instead', () => {
  expect(description(renderStep(s, t, 5, 0))).not.toContain(catchUpNote('en'));
  expect(description(renderStep(s, t, 5, 2))).toContain(catchUpNote('en'));
  expect(description(renderStep(s, t, closing, 3))).toContain(catchUpNote('en'));
  const stopped = description(renderStep(stop(s, t, T0 + 10 * 60_000), t, closing, 3));
  expect(stopped).not.toContain(catchUpNote('en'));
  expect(stopped).toContain('Ended early by the host');
});

test('GIVEN a voice session THEN its opening says the sound in words; a text session’s opening has no sound field', () => {
  const field = (body: ReturnType<typeof renderStep>) => body.embeds?.[0]?.fields?.find((f) => f.name === 'Sound');
  expect(field(renderStep(s, t, 0, 0, { voice: true }))?.value).toBe(
    'singing bowl · normal volume · voice on · interval bell off',
  );
  const chosen = { ...s, sound: { mode: 'bell', bell: 'chime', volume: 'quiet', interval: true } as const };
  expect(field(renderStep(chosen, t, 0, 0, { voice: true }))?.value).toBe(
    'soft chime · quiet volume · voice off (bell only) · interval bell on',
  );
  expect(field(renderStep(chosen, t, 0, 0))).toBeUndefined();
  expect(field(renderStep(chosen, t, 1, 0, { voice: true }))).toBeUndefined(); // the opening only
});

test('GIVEN a picture THEN the opening shows it as the wide image, a pose as the thumbnail, with the alt text in attachments[0]', () => {
  const picture = { name: 'strip-back.png', description: 'The class in order: …' };
  const opening = renderStep(s, t, 0, 0, { picture });
  expect(opening.embeds?.[0]?.image).toEqual({ url: 'attachment://strip-back.png' });
  expect(opening.embeds?.[0]?.thumbnail).toBeUndefined();
  expect(opening.attachments).toEqual([{ id: '0', filename: 'strip-back.png', description: 'The class in order: …' }]);
  const pose = renderStep(s, t, 3, 0, { picture: { name: 'dragonfly-side-bend-left.png', description: 'x' } });
  expect(pose.embeds?.[0]?.thumbnail).toEqual({ url: 'attachment://dragonfly-side-bend-left.png' });
  expect(pose.embeds?.[0]?.image).toBeUndefined();
  // Without a picture the post names no attachment at all.
  const plain = renderStep(s, t, 3, 0);
  expect(plain.attachments).toBeUndefined();
  expect(plain.embeds?.[0]?.thumbnail).toBeUndefined();
});

test('GIVEN a note THEN it heads the footer, and the footer keeps its own text', () => {
  const footer = (body: ReturnType<typeof renderStep>) => body.embeds?.[0]?.footer?.text ?? '';
  const noted = footer(renderStep(s, t, 3, 0, { note: 'Posts come without pictures here.' }));
  expect(noted.split('\n')[0]).toBe('Posts come without pictures here.');
  expect(noted).toContain(footer(renderStep(s, t, 3, 0)));
});

test('GIVEN how many practised THEN the closing says it from two on, and nothing for one alone or unknown', () => {
  const practised = (together?: number) =>
    renderStep(s, t, closing, 0, { together }).embeds?.[0]?.fields?.find((f) => f.name === 'Practised')?.value ?? '';
  expect(practised(5)).toMatch(/\n5 of you practised together$/);
  expect(practised(2)).toMatch(/\n2 of you practised together$/);
  expect(practised(1)).not.toContain('together');
  expect(practised(undefined)).not.toContain('together');
});
