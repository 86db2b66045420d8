import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINGERPRINT_SCHEME } from '../../core/fingerprint';
import { docsUrl, type Severity } from '../../core/findings';
import type { RuleMeta } from '../../core/rule';
import type { LocatedRange } from '../locate';
import { fromRoot, type Report } from '../report';

/** SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), as GitHub code scanning reads it. */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';
const INFORMATION_URI = 'https://github.com/hotpath-dev/hotpath';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Readonly<Record<Severity, Level>> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The whole run as one SARIF log: every rule in `tool.driver.rules` (so results can point at them
 * by index), relative artifact URIs under `%SRCROOT%` (the repository root, else the
 * working folder, wherever hotpath ran from), regions with UTF-16 columns, related locations, fingerprints that survive
 * line shifts, and the safe fixes.
 */
export function formatSarif(report: Report, rules: readonly RuleMeta[]): string {
  const ruleIndex = new Map(rules.map((meta, index) => [meta.id, index]));
  const artifact = (reported: string): { uri: string; uriBaseId?: string } => {
    const file = fromRoot(report, reported);
    // Outside the source root a relative URI would not resolve: name the file absolutely.
    if (file.startsWith('../') || path.isAbsolute(file)) return { uri: pathToFileURL(path.resolve(report.root, file)).href };
    return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
  };
  const physicalLocation = (range: LocatedRange) => ({
    artifactLocation: artifact(range.file),
    region: { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column },
  });
  const results = report.findings.map((located) => {
    const { finding } = located;
    const index = ruleIndex.get(finding.ruleId);
    const fixes = located.fixes
      .filter((candidate) => candidate.fix.safety === 'safe')
      .map((candidate) => {
        const byFile = new Map<string, typeof candidate.edits>();
        for (const edit of candidate.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
        return {
          description: { text: candidate.fix.title },
          artifactChanges: [...byFile].map(([file, edits]) => ({
            artifactLocation: artifact(file),
            replacements: edits.map((edit) => ({
              deletedRegion: physicalLocation(edit).region,
              insertedContent: { text: edit.newText },
            })),
          })),
        };
      });
    return {
      ruleId: finding.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(located) }],
      ...(located.related.length
        ? { relatedLocations: located.related.map((related, relatedIndex) => ({ id: relatedIndex + 1, physicalLocation: physicalLocation(related), message: { text: related.message } })) }
        : {}),
      partialFingerprints: { [FINGERPRINT_SCHEME]: located.fingerprint },
      ...(fixes.length ? { fixes } : {}),
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hotpath',
            version: report.version,
            semanticVersion: report.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(`${report.root}${path.sep}`).href } },
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: [
              ...report.failures.map((failure) => ({
                level: 'error',
                message: { text: `rule ${failure.ruleId} failed: ${failure.message} (other rules' results are still reported)` },
                locations: [{ physicalLocation: { artifactLocation: artifact(failure.file) } }],
                ...(ruleIndex.has(failure.ruleId) ? { associatedRule: { id: failure.ruleId, index: ruleIndex.get(failure.ruleId)! } } : {}),
              })),
              ...report.skipped.map((skipped) => ({
                level: 'warning',
                message: { text: `skipped: ${skipped.reason}` },
                locations: [{ physicalLocation: { artifactLocation: artifact(skipped.file) } }],
              })),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(meta: RuleMeta) {
  const url = docsUrl(meta.id);
  const fixable = meta.fixable === 'safe' ? ' Has a safe automatic fix (`hotpath --fix`).' : meta.fixable === 'unsafe' ? ' Offers a fix to review in the editor.' : '';
  return {
    id: meta.id,
    // SARIF's `name` is an identifier-like form of the id: n-plus-one → NPlusOne.
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, char: string) => char.toUpperCase()),
    shortDescription: { text: meta.summary },
    fullDescription: { text: `${meta.summary}${fixable} What it finds, why it is slow and what to write instead: ${url}` },
    helpUri: url,
    help: { text: `${meta.summary} See ${url}`, markdown: `${meta.summary} [Documentation](${url})` },
    defaultConfiguration: { level: LEVELS[meta.defaultSeverity] },
    properties: { tags: ['performance'], precision: 'high' },
  };
}
