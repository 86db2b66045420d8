import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../core/analyzer';
import { parseConfig } from '../core/config';
import { applyEdits } from '../core/edits';
import type { Finding, TextEdit } from '../core/findings';
import { RULE_METAS, RULES } from '../rules';
import { analyzeTsconfig, FIXTURES, type ProjectRun } from './analyze';
import { checkWithOverrides } from './typecheck';

const RULE = 'missing-timeout';
const TSCONFIG = path.join(FIXTURES, 'tsconfig.json');
const FIXTURE_DIR = path.join(FIXTURES, RULE);
let run: ProjectRun;
let findings: Finding[];

beforeAll(() => {
  run = analyzeTsconfig(TSCONFIG, { withFixes: true });
  findings = run.findings.filter((finding) => finding.ruleId === RULE);
});

function fixtureFindings(name: string): Finding[] {
  return findings.filter((finding) => finding.file === path.join(FIXTURE_DIR, name));
}

/** The text a finding's fix inserts or replaces, with the original text around it for reading. */
function fixedLine(finding: Finding): string {
  const edits = finding.fixes?.[0]?.edits ?? [];
  expect(edits).toHaveLength(1);
  const edit = edits[0]!;
  const text = applyEdits(fs.readFileSync(edit.file, 'utf8'), [edit]);
  const lineStart = text.lastIndexOf('\n', edit.start - 1) + 1;
  const lineEnd = text.indexOf('\n', edit.start + edit.newText.length);
  return text.slice(lineStart, lineEnd);
}

/** One edit per place: several requests on one instance share the fix on its factory call. */
function uniqueEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Map(edits.map((edit) => [`${edit.file}:${edit.start}:${edit.end}:${edit.newText}`, edit]));
  return [...seen.values()];
}

describe('missing-timeout fix', () => {
  it('is offered where the options are an inline literal or absent', () => {
    const withFix = findings.filter((finding) => finding.fixes?.length);
    expect(withFix.length).toBeGreaterThanOrEqual(Math.ceil(findings.length * 0.6));
    expect(withFix.every((finding) => finding.fixes![0]!.safety === 'safe')).toBe(true);
  });

  it('type-checks after every fix in every fixture file is applied, and only the unfixed findings remain', () => {
    const edits = uniqueEdits(findings.flatMap((finding) => finding.fixes?.[0]?.edits ?? []));
    const files = [...new Set([...findings.map((finding) => finding.file), ...edits.map((edit) => edit.file)])];
    const overrides = new Map(files.map((file) => [file, applyEdits(fs.readFileSync(file, 'utf8'), edits.filter((edit) => edit.file === file))]));
    const result = checkWithOverrides(TSCONFIG, overrides);
    expect(result.diagnostics).toEqual([]);
    const remaining = result.findings.filter((finding) => finding.ruleId === RULE);
    const unfixed = findings.filter((finding) => !finding.fixes?.length);
    expect(remaining.map((finding) => finding.message).sort()).toEqual(unfixed.map((finding) => finding.message).sort());
  });

  it('adds a second argument to fetch, and merges into an inline init', () => {
    const [added, merged, multiLine] = fixtureFindings('fetch.ts');
    expect(fixedLine(added!)).toBe('  const response = await fetch(`https://profiles.example.com/users/${id}`, { signal: AbortSignal.timeout(10_000) }); // expect: missing-timeout');
    expect(fixedLine(merged!)).toBe(
      "  const response = await fetch('https://helpdesk.example.com/tickets', { method: 'POST', body: JSON.stringify({ subject }), signal: AbortSignal.timeout(10_000) }); // expect: missing-timeout",
    );
    expect(fixedLine(multiLine!)).toBe('    body: JSON.stringify(event),\n    signal: AbortSignal.timeout(10_000),');
  });

  it('adds timeout to an axios request config, or to the axios.create of the instance in use', () => {
    const [defaultGet, defaultPost, , crmGet, crmPatch, crmDelete] = fixtureFindings('axios.ts');
    expect(fixedLine(defaultGet!)).toBe("  const { data } = await axios.get('https://rates.example.com/latest', { timeout: 10_000 }); // expect: missing-timeout");
    expect(fixedLine(defaultPost!)).toBe(
      "  await axios.post('https://orders.example.com/submit', order, { headers: { 'idempotency-key': order.id }, timeout: 10_000 }); // expect: missing-timeout",
    );
    // The three requests on `crmApi` (direct, namespace import, re-export) all fix its axios.create in clients.ts.
    const onFactory = [crmGet, crmPatch, crmDelete].map((finding) => finding!.fixes![0]!.edits);
    expect(onFactory[0]![0]!.file).toBe(path.join(FIXTURE_DIR, 'clients.ts'));
    expect(onFactory[1]).toEqual(onFactory[0]);
    expect(onFactory[2]).toEqual(onFactory[0]);
    expect(fixedLine(crmGet!)).toBe("  headers: { 'x-client': 'hotpath-fixtures' },\n  timeout: 10_000,");
    expect(crmGet!.related?.[0]?.file).toBe(path.join(FIXTURE_DIR, 'clients.ts'));
  });

  it('adds statement_timeout to a pg config, or the config itself', () => {
    const [noConfig, inline] = fixtureFindings('pg.ts');
    expect(fixedLine(noConfig!)).toBe('export const reportingPool = new Pool({ statement_timeout: 10_000 }); // expect: missing-timeout');
    expect(fixedLine(inline!)).toBe("export const ordersPool = new Pool({ host: 'orders-db.internal', max: 10, statement_timeout: 10_000 }); // expect: missing-timeout");
  });

  it('uses the configured timeoutMs', () => {
    const config = parseConfig(JSON.stringify({ rules: { [RULE]: ['warning', { timeoutMs: 2500 }] } }), path.join(FIXTURES, 'hotpath.json'), RULE_METAS);
    const analyzer = new Analyzer(run.program, RULES, config);
    const sourceFile = analyzer.program.getSourceFile(path.join(FIXTURE_DIR, 'fetch.ts'))!;
    const first = analyzer.analyzeFile(sourceFile, { withFixes: true }).find((finding) => finding.ruleId === RULE);
    expect(first?.fixes?.[0]?.edits[0]?.newText).toBe(', { signal: AbortSignal.timeout(2_500) }');
    expect(first?.message).toContain('`signal: AbortSignal.timeout(2_500)`');
  });
});

describe('missing-timeout: axios.defaults.timeout', () => {
  // A project-wide default cannot live in the shared fixture project: it would bound every axios call there.
  const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-missing-timeout-'));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
  fs.writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
  fs.writeFileSync(
    path.join(directory, 'calls.ts'),
    [
      "import axios from 'axios';",
      "const partner = axios.create({ baseURL: 'https://partner.example.com' });",
      'export async function rates(): Promise<unknown> {',
      "  return (await axios.get('https://rates.example.com/latest')).data;",
      '}',
      'export async function status(): Promise<unknown> {',
      "  return (await partner.get('/status')).data;",
      '}',
      '',
    ].join('\n'),
  );
  const setup = path.join(directory, 'setup.ts');

  it('without it, the default instance and an instance created from it are reported', () => {
    fs.writeFileSync(setup, "import axios from 'axios';\naxios.defaults.headers.common['x-client'] = 'hotpath';\n");
    const reported = analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings.filter((finding) => finding.ruleId === RULE);
    expect(reported).toHaveLength(2);
  });

  it('assigned in another module, it bounds the default instance and the instances created from it', () => {
    fs.writeFileSync(setup, "import axios from 'axios';\naxios.defaults.timeout = 5_000;\n");
    const reported = analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings.filter((finding) => finding.ruleId === RULE);
    expect(reported).toEqual([]);
  });
});
