// The CI report formats as GitLab and JUnit consumers read them: the GitLab Code Quality report
// validated against the shape GitLab's documentation requires, the JUnit report parsed as XML.
import Ajv from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatJunit } from '../cli/format/junit';
import type { JsonReport } from '../cli/format/json';
import type { Report, ReportedFinding } from '../cli/report';
import { hotpath, N_PLUS_ONE, repository, SEQUENTIAL, TSCONFIG } from './cli-project';

/**
 * GitLab's Code Quality report format (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
 * an array of objects, each with `description`, `check_name`, `fingerprint` (unique per violation),
 * `severity` (info, minor, major, critical or blocker), `location.path` (relative to the repository,
 * not prefixed with `./`) and `location.lines.begin` (or `location.positions.begin.line`).
 */
const GITLAB_CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', pattern: '^(?!\\./)(?!/)(?!\\.\\./)' },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
          positions: { type: 'object', required: ['begin'], properties: { begin: { type: 'object', required: ['line'], properties: { line: { type: 'integer', minimum: 1 } } } } },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
} as const;

interface GitlabIssue {
  check_name: string;
  description: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end: number } };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

interface JunitCase {
  classname: string;
  name: string;
  file: string;
  line?: string;
  failure?: { type: string; message: string; '#text': string };
  error?: { type: string; message: string; '#text': string };
}
interface JunitDocument {
  testsuites: { name: string; tests: string; failures: string; errors: string; testsuite?: { name: string; tests: string; failures: string; testcase: JunitCase[] }[] };
}

function parseJunit(text: string): JunitDocument {
  expect(XMLValidator.validate(text)).toBe(true);
  return xml.parse(text) as JunitDocument;
}

describe('CI report formats, run from a package folder inside a repository', () => {
  let json: JsonReport;
  let gitlab: { status: number; stdout: string };
  let junit: { status: number; stdout: string };
  beforeAll(async () => {
    // One folder deeper than the other CLI tests' projects: the generated Prisma client is one more level up.
    const deeper = (source: string): string => source.replace("'../generated/prisma'", "'../../generated/prisma'");
    const root = repository('ci-formats', { 'api/tsconfig.json': TSCONFIG, 'api/load.ts': deeper(N_PLUS_ONE), 'api/page.ts': deeper(SEQUENTIAL) });
    const api = `${root}/api`;
    json = JSON.parse((await hotpath(['--format', 'json'], api)).stdout) as JsonReport;
    gitlab = await hotpath(['--format', 'gitlab'], api);
    junit = await hotpath(['--format', 'junit'], api);
  });

  it('--format gitlab is a valid Code Quality report: one issue per finding, paths from the repository root, the findings\' fingerprints', () => {
    expect(gitlab.status).toBe(1);
    const issues = JSON.parse(gitlab.stdout) as GitlabIssue[];
    const validate = new Ajv({ allErrors: true, strict: false }).compile(GITLAB_CODE_QUALITY_SCHEMA);
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues).toHaveLength(json.findings.length);
    expect(json.findings.map((finding) => finding.ruleId).sort()).toEqual(['n-plus-one', 'sequential-await']);
    for (const [index, finding] of json.findings.entries()) {
      expect(issues[index]).toEqual({
        type: 'issue',
        check_name: finding.ruleId,
        description: finding.message,
        categories: ['Performance'],
        severity: finding.severity === 'error' ? 'major' : 'minor',
        fingerprint: finding.fingerprint,
        location: { path: `api/${finding.file}`, lines: { begin: finding.line, end: finding.endLine } },
      });
    }
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
  });

  it('--format junit is well-formed XML: a testsuite per file, a failing testcase per finding', () => {
    expect(junit.status).toBe(1);
    const { testsuites } = parseJunit(junit.stdout);
    expect(testsuites).toMatchObject({ name: 'hotpath', tests: '2', failures: '2', errors: '0' });
    expect(testsuites.testsuite!.map((suite) => suite.name)).toEqual(['api/load.ts', 'api/page.ts']);
    for (const finding of json.findings) {
      const suite = testsuites.testsuite!.find((candidate) => candidate.name === `api/${finding.file}`)!;
      expect(suite).toMatchObject({ tests: '1', failures: '1' });
      const [testcase] = suite.testcase;
      expect(testcase).toMatchObject({ classname: `api/${finding.file}`, file: `api/${finding.file}`, line: String(finding.line), name: `${finding.ruleId} at ${finding.line}:${finding.column}` });
      expect(testcase!.failure).toMatchObject({ type: finding.severity, message: finding.message });
      expect(testcase!.failure!['#text']).toContain(finding.docsUrl);
    }
  });

  it('--format junit with no findings is an empty, valid report', async () => {
    const root = repository('ci-formats-clean', { 'tsconfig.json': TSCONFIG, 'clean.ts': 'export const answer = 42;\n' });
    const clean = await hotpath(['--format', 'junit'], root);
    expect(clean.status).toBe(0);
    expect(parseJunit(clean.stdout).testsuites).toMatchObject({ tests: '0', failures: '0', errors: '0' });
  });
});

describe('formatJunit', () => {
  it('escapes markup and drops the control characters XML cannot hold; a rule that failed is an error testcase', () => {
    const message = 'a <b> & "c"\u0007 in `x`';
    const finding = { ruleId: 'n-plus-one', severity: 'warning', message, docsUrl: 'https://example.com/?a=1&b=2', file: '/repo/a&b.ts', start: 0, end: 1 } as const;
    const located: ReportedFinding = {
      file: 'a&b.ts',
      fileFromRoot: 'a&b.ts',
      start: { line: 1, column: 1 },
      end: { line: 1, column: 2 },
      finding,
      related: [{ file: 'a&b.ts', start: { line: 2, column: 3 }, end: { line: 2, column: 4 }, message: 'the loop <here>' }],
      fixes: [],
      sourceText: 'x',
      fingerprint: 'f:1',
    };
    const report: Report = {
      version: '0.0.0',
      cwd: '/repo',
      root: '/repo',
      findings: [located],
      totals: { errors: 0, warnings: 1, infos: 0, files: 1 },
      notes: [],
      failures: [{ ruleId: 'unindexed-sql', file: 'b.ts', message: 'boom <1>' }],
      skipped: [],
    };
    const { testsuites } = parseJunit(formatJunit(report));
    expect(testsuites).toMatchObject({ tests: '2', failures: '1', errors: '1' });
    const [findings, failures] = testsuites.testsuite!;
    // The parser decodes entities: what a CI server shows.
    expect(findings!.name).toBe('a&b.ts');
    expect(findings!.testcase[0]!.failure!.message).toBe('a <b> & "c" in `x`');
    expect(findings!.testcase[0]!.failure!['#text']).toContain('↳ a&b.ts:2:3 the loop <here>');
    expect(failures!.testcase[0]!.error!.message).toBe('boom <1>');
  });
});
