import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import { buildTimeline, type Plan, type Timeline } from '../domain/timeline.ts';

/**
 * One timeline for every class of the same sequence, hold, speed and plan: a timeline is read,
 * never changed, and a busy bot runs hundreds of classes of the same few. A server's own
 * sequence is a copy per session, so its classes each keep their own (held weakly: gone with the
 * session). Keyed by the catalog too: each language has its own.
 */
export class Timelines {
  readonly #byCatalog = new WeakMap<Catalog, WeakMap<Sequence, Map<string, Timeline>>>();

  of(catalog: Catalog, sequence: Sequence, holdMinutes: number, speed: number, plan: Plan): Timeline {
    const bySequence = this.#byCatalog.get(catalog) ?? new WeakMap<Sequence, Map<string, Timeline>>();
    this.#byCatalog.set(catalog, bySequence);
    const byPlan = bySequence.get(sequence) ?? new Map<string, Timeline>();
    bySequence.set(sequence, byPlan);
    const key = `${holdMinutes}|${speed}|${JSON.stringify(plan)}`;
    const timeline = byPlan.get(key) ?? buildTimeline(catalog, sequence, holdMinutes, speed, plan);
    byPlan.set(key, timeline);
    return timeline;
  }
}
