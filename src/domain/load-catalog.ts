import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { poseSchema, sequenceSchema, type Catalog, type Pose, type Sequence } from './catalog-schema.ts';

/** Every problem in data/ at once, each naming the file and the field. */
export class CatalogError extends Error {
  readonly problems: string[];
  constructor(dataDir: string, problems: string[]) {
    super(`${dataDir} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    this.name = 'CatalogError';
    this.problems = problems;
  }
}

export function readJsonFiles(dir: string): { file: string; value: unknown; error?: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = join(dir, name);
    try {
      return { file, value: JSON.parse(readFileSync(file, 'utf8')) };
    } catch (err) {
      return { file, value: undefined, error: `not valid JSON (${(err as Error).message})` };
    }
  });
}

export function parseAll<T>(dir: string, schema: z.ZodType<T>, problems: string[]): { file: string; value: T }[] {
  const out: { file: string; value: T }[] = [];
  for (const { file, value, error } of readJsonFiles(dir)) {
    if (error) {
      problems.push(`${file}: ${error}`);
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) out.push({ file, value: result.data });
    else
      for (const issue of result.error.issues)
        problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return out;
}

/** Loads and cross-checks data/poses/*.json and data/sequences/*.json. Throws CatalogError. */
export function loadCatalog(dataDir: string): Catalog {
  const problems: string[] = [];
  const poses = new Map<string, Pose>();
  for (const { file, value } of parseAll(join(dataDir, 'poses'), poseSchema, problems)) {
    if (poses.has(value.id)) problems.push(`${file}: id: "${value.id}" is used by another pose`);
    poses.set(value.id, value);
  }
  const sequences = new Map<string, Sequence>();
  for (const { file, value } of parseAll(join(dataDir, 'sequences'), sequenceSchema, problems)) {
    if (sequences.has(value.id)) problems.push(`${file}: id: "${value.id}" is used by another sequence`);
    value.steps.forEach((step, i) => {
      if (!poses.has(step.pose))
        problems.push(`${file}: steps.${i}.pose: unknown pose "${step.pose}" (no data/poses file has that id)`);
    });
    sequences.set(value.id, value);
  }
  if (sequences.size === 0 && problems.length === 0) problems.push(`${join(dataDir, 'sequences')}: no sequences found`);
  if (problems.length > 0) throw new CatalogError(dataDir, problems);
  return { poses, sequences };
}
