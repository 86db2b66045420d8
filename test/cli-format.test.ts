import { describe, expect, it } from 'vitest';
import { COLOR, PLAIN, styleFor } from '../cli/format/text';
import { progressFor } from '../cli/progress';
import { captureStream, hotpath, N_PLUS_ONE, project, SEQUENTIAL, TSCONFIG } from './cli-project';

describe('text format', () => {
  it('groups findings by file under a header line, each with its location and code frame, then the summary line', async () => {
    const directory = project('text', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'hotpath.json': '{ "rules": { "sequential-await": "info" } }' });
    const { stdout } = await hotpath([], directory);
    const lines = stdout.split('\n');
    const loadHeader = lines.indexOf('load.ts (1 problem)');
    const pageHeader = lines.indexOf('page.ts (1 problem)');
    expect(loadHeader).toBeGreaterThanOrEqual(0);
    expect(pageHeader).toBeGreaterThan(loadHeader);
    expect(lines[loadHeader + 1]).toBe('  load.ts:6:22 error n-plus-one');
    expect(lines.slice(loadHeader, pageHeader).join('\n')).toMatch(/> 6 \| {5}users\.push\(await prisma\.user\.findUnique\(\{ where: \{ id \} \}\)\);\n {6,}\| +\^{41}\n/);
    expect(lines[pageHeader + 1]).toBe('  page.ts:5:17 info sequential-await');
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toContain('\n✖ 2 problems (1 error, 0 warnings, 1 info) in 2 files.\n');
  });

  it('shows one code frame for findings on the same line, each rule\'s docs link once, and how many --fix would fix', async () => {
    const fetches = `export async function load(ids: string[]) {
  const out = [];
  for (const id of ids) out.push(await fetch('https://api.example.com/users/' + id));
  return out;
}
export async function page(id: string) {
  const a = await fetch('https://api.example.com/a/' + id);
  const b = await fetch('https://api.example.com/b');
  return [a, b];
}
`;
    const directory = project('frames', { 'tsconfig.json': TSCONFIG, 'calls.ts': fetches });
    const { stdout } = await hotpath([], directory);
    expect(stdout).toContain('  calls.ts:3:40 warning missing-timeout\n');
    expect(stdout).toContain('  calls.ts:3:40 error n-plus-one\n');
    expect(stdout.match(/> 3 \|/g)).toHaveLength(1);
    // Two spans on line 8 (the await and the call inside it): one frame, a row of carets for each.
    expect(stdout).toMatch(/> 8 \| {3}const b = await fetch\('https:\/\/api\.example\.com\/b'\);\n {6,}\| +\^+\n {6,}\| +\^+\n/);
    for (const ruleId of ['n-plus-one', 'missing-timeout', 'sequential-await']) expect(stdout.split(`rules/${ruleId}/README.md`)).toHaveLength(2);
    const json = JSON.parse((await hotpath(['--format', 'json'], directory)).stdout) as { findings: { fixes?: { safety: string }[] }[] };
    const fixable = json.findings.filter((finding) => finding.fixes?.some((fix) => fix.safety === 'safe')).length;
    expect(fixable).toBeGreaterThan(0);
    expect(stdout).toContain(`\n${fixable} fixable with \`--fix\` (\`--fix-dry-run\` shows the diff).\n`);
  });

  it('colours only a terminal, and never with NO_COLOR', () => {
    const tty = captureStream(true).stream;
    const pipe = captureStream(false).stream;
    expect(styleFor(tty, {})).toBe(COLOR);
    expect(styleFor(tty, { NO_COLOR: '1' })).toBe(PLAIN);
    expect(styleFor(pipe, {})).toBe(PLAIN);
    expect(styleFor(pipe, { FORCE_COLOR: '1' })).toBe(COLOR);
  });
});

describe('progress', () => {
  const clock = (): { now: () => number; advance: (ms: number) => void } => {
    let time = 0;
    return { now: () => time, advance: (ms) => void (time += ms) };
  };

  it('draws files analysed / total on a terminal once a run takes a while, and clears the line', () => {
    const stderr = captureStream(true);
    const time = clock();
    const progress = progressFor(stderr.stream, {}, 'text', time.now);
    progress.update('api', 1, 40);
    expect(stderr.text()).toBe('');
    time.advance(600);
    progress.update('api', 2, 40);
    time.advance(10);
    progress.update('api', 3, 40);
    progress.update('api', 40, 40);
    progress.clear();
    expect(stderr.text()).toBe('\r\u001b[2Khotpath: api: 2/40 files analysed\r\u001b[2Khotpath: api: 40/40 files analysed\r\u001b[2K');
  });

  it('is silent when stderr is not a terminal, in CI, or for machine-readable formats', () => {
    for (const [isTTY, env, format] of [
      [false, {}, 'text'],
      [true, { CI: 'true' }, 'text'],
      [true, {}, 'json'],
      [true, {}, 'sarif'],
    ] as const) {
      const stderr = captureStream(isTTY);
      const time = clock();
      const progress = progressFor(stderr.stream, env, format, time.now);
      time.advance(5_000);
      progress.update('api', 1, 2);
      progress.clear();
      expect(stderr.text()).toBe('');
    }
  });
});
