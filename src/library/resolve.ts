import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import type { Schedule } from '../schedule/schedule.ts';
import { isServerId } from './limits.ts';

/** A guild's own sequences, as SequencesRepo.sequences() gives them (or any list or map of them). */
export type GuildSequences = Iterable<Sequence> | ReadonlyMap<string, Sequence>;

function* each(guild: GuildSequences): Iterable<Sequence> {
  yield* guild instanceof Map ? (guild as ReadonlyMap<string, Sequence>).values() : (guild as Iterable<Sequence>);
}

/**
 * The sequence `id` names for a guild: a built-in one (plain id) or one of the guild's own
 * (`my_…`), else undefined. The two kinds of id can't overlap, so neither shadows the other; a
 * guild's list holding a plain id (it can't: the store refuses one) is ignored.
 */
export function resolveSequence(catalog: Catalog, guild: GuildSequences, id: string): Sequence | undefined {
  if (!isServerId(id)) return catalog.sequences.get(id);
  for (const s of each(guild)) if (s.id === id) return s;
  return undefined;
}

/**
 * A catalog with the guild's sequences beside the built-in ones (built-ins first, then the guild's
 * in the order given), the same poses: hand it to anything that takes a Catalog (buildTimeline,
 * the runner, schedule verbs) for that guild. Built a request at a time; never shared between guilds.
 */
export function catalogFor(catalog: Catalog, guild: GuildSequences): Catalog {
  const sequences = new Map(catalog.sequences);
  for (const s of each(guild)) if (isServerId(s.id) && !sequences.has(s.id)) sequences.set(s.id, s);
  return { poses: catalog.poses, sequences };
}

/** The schedules that would start `sequenceId` (for the prompt before deleting it), in the order given. */
export function schedulesUsing<S extends Pick<Schedule, 'sequenceId'>>(
  sequenceId: string,
  schedules: Iterable<S>,
): S[] {
  return [...schedules].filter((s) => s.sequenceId === sequenceId);
}
