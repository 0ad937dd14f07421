import { describe, expect, it } from 'vitest';
import { notesToMarkdown } from '../../src/members/export.ts';
import type { Note } from '../../src/members/note.ts';

const poses: Record<string, string> = { dragon: 'Dragon', sphinx: 'Sphinx' };
const poseName = (id: string) => poses[id];

const note = (id: string, iso: string, text: string, poseId?: string): Note => ({
  v: 1,
  id,
  userId: '42',
  text,
  createdAt: Date.parse(`${iso}Z`),
  ...(poseId ? { poseId } : {}),
});

describe('notesToMarkdown', () => {
  it('GIVEN notes in any order THEN it writes a titled journal, oldest first, with date, pose and text', () => {
    const markdown = notesToMarkdown(
      [
        note('b', '2026-11-25T18:05', 'Sphinx: lower back warm.\n\nBreath slow.', 'sphinx'),
        note('a', '2026-11-18T18:10', 'First class.'),
        note('c', '2026-11-26T07:00', '# not a heading', 'unknown-pose'),
      ],
      poseName,
      'river_*',
    );
    expect(markdown).toBe(
      [
        '# Yin practice notes: river\\_\\*',
        '',
        '3 notes, 2026-11-18 to 2026-11-26.',
        '',
        '## Wednesday 18 November 2026, 18:10 UTC',
        '',
        '**Pose:** General note',
        '',
        '> First class.',
        '',
        '## Wednesday 25 November 2026, 18:05 UTC',
        '',
        '**Pose:** Sphinx',
        '',
        '> Sphinx: lower back warm.',
        '>',
        '> Breath slow.',
        '',
        '## Thursday 26 November 2026, 07:00 UTC',
        '',
        '**Pose:** unknown-pose',
        '',
        '> # not a heading',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN no notes THEN it still returns a document that says so', () => {
    expect(notesToMarkdown([], poseName, 'Ann')).toBe('# Yin practice notes: Ann\n\n_No notes yet._\n');
  });
});
