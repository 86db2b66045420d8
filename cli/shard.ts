import { readTsconfig } from '../core/project';
import type { Shard } from './args';

/**
 * The projects shard `index` of `count` analyses (`--shard i/n`): contiguous runs of the run's
 * project order, balanced by how many files each lists, so that the shards' reports concatenated in
 * shard order are the whole run's report. Decided from the tree alone: every machine of a CI
 * matrix agrees. A shard may get no project (more shards than projects).
 */
export function shardTargets<T extends { readonly tsconfig: string; readonly onlyFiles?: ReadonlySet<string> }>(targets: readonly T[], { index, count }: Shard): T[] {
  const weights = targets.map((target) => Math.max(1, target.onlyFiles?.size ?? readTsconfig(target.tsconfig).fileNames.length));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let before = 0;
  return targets.filter((_, position) => {
    // Each project goes to the shard its middle falls in.
    const middle = before + weights[position]! / 2;
    before += weights[position]!;
    return Math.min(count, Math.floor((middle / total) * count) + 1) === index;
  });
}
