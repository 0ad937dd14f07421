import { z } from 'zod';
import { InputError } from '../domain/input-error.ts';

/** Discord's modal text inputs stop at 4,000; a note is a few lines about one practice. */
export const NOTE_MAX_CHARS = 1000;

/** Ids and user ids become store keys and namespaces: keep them to plain characters. */
const keySafe = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Version 1 of the stored note; bump it (and read the old one) when the shape changes. */
export const NOTE_VERSION = 1;

export const noteSchema = z.object({
  v: z.literal(NOTE_VERSION),
  id: keySafe,
  userId: keySafe,
  text: z
    .string()
    .min(1)
    .refine((text) => charCount(text) <= NOTE_MAX_CHARS, 'too long'),
  poseId: z.string().min(1).optional(),
  sessionId: z.string().min(1).optional(),
  sequenceId: z.string().min(1).optional(),
  guildId: z.string().min(1).optional(),
  createdAt: z.number().int().nonnegative(),
});

export type Note = z.infer<typeof noteSchema>;

export type NoteInput = {
  text: string;
  poseId?: string | undefined;
  sessionId?: string | undefined;
  sequenceId?: string | undefined;
  guildId?: string | undefined;
};

/** Characters as a person counts them: an emoji is one, not two UTF-16 units. */
export function charCount(text: string): number {
  return [...text].length;
}

/** Trims and checks what a member typed; throws InputError with a message for them. */
export function parseNoteInput(input: NoteInput): NoteInput & { text: string } {
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (text === '') {
    throw new InputError('notes.empty');
  }
  const length = charCount(text);
  if (length > NOTE_MAX_CHARS) {
    throw new InputError('notes.tooLong', { max: NOTE_MAX_CHARS, length });
  }
  const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return {
    text,
    poseId: optional(input.poseId),
    sessionId: optional(input.sessionId),
    sequenceId: optional(input.sequenceId),
    guildId: optional(input.guildId),
  };
}

/**
 * Note ids sort by creation time: a fixed-width base36 timestamp, a counter that keeps ids made
 * in the same millisecond in order, and a random tail so two processes never collide. Newest
 * first is then plain reverse key order.
 */
export class NoteIds {
  #lastTime = -1;
  #counter = 0;

  next(now: number): string {
    const time = Math.max(now, this.#lastTime);
    this.#counter = time === this.#lastTime ? this.#counter + 1 : 0;
    this.#lastTime = time;
    const random = Math.floor(Math.random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
    return `${time.toString(36).padStart(9, '0')}${this.#counter.toString(36).padStart(3, '0')}${random}`;
  }
}

export const NOTE_ID_PATTERN = /^[0-9a-z]{16}$/;
