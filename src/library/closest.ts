import type { Catalog, Pose } from '../domain/catalog-schema.ts';
import { slugify } from './limits.ts';

/**
 * Levenshtein distance (insertions, deletions, substitutions), two rows at a time. A short
 * function rather than a package: the pose library holds tens of poses with ids of at most 40
 * characters, so a lookup is a few thousand cell updates, and no dependency is added to a
 * package.json that several branches edit.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * The least edits that turn `query` into some stretch of `text` (0 when text contains it):
 * Levenshtein with a free start and end in `text`, so "dragn" is 1 from "dragonfly-twist".
 */
export function substringDistance(query: string, text: string): number {
  if (query.length === 0) return 0;
  let previous = new Array<number>(text.length + 1).fill(0);
  let current = new Array<number>(text.length + 1).fill(0);
  for (let i = 1; i <= query.length; i++) {
    current[0] = i;
    for (let j = 1; j <= text.length; j++) {
      const cost = query[i - 1] === text[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return Math.min(...previous);
}

/**
 * The poses closest to what a member typed, best first. Each pose is scored against its id and
 * its name (lowercase and as a slug): the edit distance to the whole, or to a stretch of it plus
 * a half (so a misspelt part, "dragn", finds the dragonfly poses and a whole id with a typo still
 * comes first), or the whole inside what was typed ("savasana-pose"); ties by id.
 */
export function closestPoses(catalog: Pick<Catalog, 'poses'>, typed: string, count = 3): Pose[] {
  const query = slugify(typed) || typed.trim().toLowerCase();
  const scored = [...catalog.poses.values()].map((pose) => {
    const forms = [pose.id, pose.name.toLowerCase(), slugify(pose.name)];
    const score = Math.min(
      ...forms.flatMap((f) => [
        editDistance(query, f),
        substringDistance(query, f) + 0.5,
        ...(f.length >= 4 ? [substringDistance(f, query) + 0.5] : []),
      ]),
    );
    return { pose, score };
  });
  scored.sort((a, b) => a.score - b.score || (a.pose.id < b.pose.id ? -1 : a.pose.id > b.pose.id ? 1 : 0));
  return scored.slice(0, count).map((s) => s.pose);
}

/** "`dragonfly-twist` (Dragonfly — forward fold with twist), …" for an answer. */
export const poseList = (poses: readonly Pose[]): string => poses.map((p) => `\`${p.id}\` (${p.name})`).join(', ');
