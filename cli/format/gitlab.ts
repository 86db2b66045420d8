import type { Severity } from '../../core/findings';
import type { Report } from '../report';

/** GitLab's five severities; an error-level finding ranks above a warning in the merge request widget. */
type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITIES: Readonly<Record<Severity, GitlabSeverity>> = { error: 'major', warning: 'minor', info: 'info' };

/** One Code Quality issue: GitLab's required fields, plus Code Climate's `type` and `categories`. */
export interface GitlabIssue {
  readonly type: 'issue';
  readonly check_name: string;
  readonly description: string;
  readonly categories: readonly ['Performance'];
  readonly severity: GitlabSeverity;
  /** The finding's fingerprint: the same issue across pipelines even when lines move, so GitLab shows what a merge request adds or fixes. */
  readonly fingerprint: string;
  readonly location: { readonly path: string; readonly lines: { readonly begin: number; readonly end: number } };
}

/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, a subset of the
 * Code Climate spec. https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
 * Paths are from the repository root, as GitLab resolves them.
 */
export function formatGitlab(report: Report): string {
  const issues: GitlabIssue[] = report.findings.map((located) => ({
    type: 'issue',
    check_name: located.finding.ruleId,
    description: located.finding.message,
    categories: ['Performance'],
    severity: SEVERITIES[located.finding.severity],
    fingerprint: located.fingerprint,
    location: { path: located.fileFromRoot, lines: { begin: located.start.line, end: located.end.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
