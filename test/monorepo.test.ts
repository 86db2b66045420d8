import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { FIXTURES, giveFixturesConfig, ROOT } from './analyze';
import { markersUnder } from './markers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const MONOREPO = path.join(FIXTURES, 'monorepo');
/** A copy outside the repository: no node_modules above it, so no library resolves. */
const detached = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-monorepo-'));
fs.cpSync(MONOREPO, detached, { recursive: true });
giveFixturesConfig(detached);
afterAll(() => fs.rmSync(detached, { recursive: true, force: true }));

function hotpath(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function findingsOf(root: string, target = '.'): string[] {
  const report = JSON.parse(hotpath([target, '--format', 'json'], root).stdout) as JsonReport;
  return report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);
}

describe('a monorepo', () => {
  it('is discovered from its root: every workspace package, each file once, exactly the marked findings', () => {
    const findings = findingsOf(MONOREPO);
    expect(findings.sort()).toEqual(markersUnder(MONOREPO));
    expect(new Set(findings).size).toBe(findings.length);
  });

  it('gives the same findings without node_modules, from import origins, and says it ran degraded', () => {
    expect(findingsOf(detached).sort()).toEqual(findingsOf(MONOREPO).sort());
    const text = hotpath(['.'], detached).stdout;
    expect(text).toMatch(/\d+ imported packages that change findings could not be resolved \(I\/O libraries: .*@prisma\/client.*\).*`npm install` installs them/);
    expect(text).toContain('typeorm');
    expect(hotpath(['.'], MONOREPO).stdout).not.toContain('could not be resolved');
  });

  it('analyses one package when given its folder', () => {
    const findings = findingsOf(MONOREPO, 'apps/web');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.startsWith('apps/web/'))).toBe(true);
  });
});
