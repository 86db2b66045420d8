import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../core/analyzer';
import { defaultConfig } from '../core/config';
import { createProjectProgram, readTsconfig } from '../core/project';
import { defineRule } from '../core/rule';
import { RULES, RULE_METAS } from '../rules';
import { FIXTURES } from './analyze';

const throwing = defineRule<null>({
  meta: { id: 'throws-always', summary: 'A rule with a bug.', defaultSeverity: 'error', options: {} },
  create: () => ({
    ioSite: () => {
      throw new Error('rule bug');
    },
  }),
  describe: () => 'never',
});

describe('the analyzer', () => {
  it('records a rule that throws and still reports the other rules', () => {
    const tsconfig = path.join(FIXTURES, 'example-shop', 'tsconfig.json');
    const program = createProjectProgram(readTsconfig(tsconfig));
    const config = defaultConfig(path.dirname(tsconfig), [...RULE_METAS, throwing.meta]);
    const file = program.getSourceFiles().find((sourceFile) => sourceFile.fileName.endsWith('order-service.ts'))!;
    const expected = new Analyzer(program, RULES, config).analyzeFile(file);
    const analyzer = new Analyzer(program, [throwing, ...RULES], config);
    expect(analyzer.analyzeFile(file)).toEqual(expected);
    expect(expected.map((finding) => finding.ruleId)).toContain('n-plus-one');
    expect(analyzer.failures).toHaveLength(1);
    expect(analyzer.failures[0]).toMatchObject({ ruleId: 'throws-always', file: file.fileName });
  });
});
