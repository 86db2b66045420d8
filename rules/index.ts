import type { Rule } from '../core/rule';
import { UNUSED_SUPPRESSION } from '../core/suppressions';
import type { RuleMeta } from '../core/rule';
import { blockingCall } from './blocking-call/rule';
import { connectionPerCall } from './connection-per-call/rule';
import { missingTimeout } from './missing-timeout/rule';
import { nPlusOne } from './n-plus-one/rule';
import { sequentialAwait } from './sequential-await/rule';
import { unboundedConcurrency } from './unbounded-concurrency/rule';
import { unboundedRead } from './unbounded-read/rule';
import { unindexedSql } from './unindexed-sql/rule';

/** Every rule hotpath ships, in the order their docs list them. Ids are forever: deprecate, never rename. */
export const RULES: readonly Rule[] = [nPlusOne, sequentialAwait, unboundedConcurrency, missingTimeout, unindexedSql, blockingCall, connectionPerCall, unboundedRead];

/** Not a rule of its own code, but configured like one: suppression comments that suppress nothing. */
const unusedSuppressionMeta: RuleMeta = {
  id: UNUSED_SUPPRESSION,
  summary: 'A hotpath-ignore comment suppresses nothing.',
  defaultSeverity: 'warning',
  options: {},
};

/** What the config accepts under "rules". */
export const RULE_METAS: readonly RuleMeta[] = [...RULES.map((rule) => rule.meta), unusedSuppressionMeta];
