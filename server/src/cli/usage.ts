import { RULES } from '../core/index.js';

export const MAIN_HELP = `Usage: evenhand <command> [options]

Finds persona assignments in prompt files that make a model judge one-sidedly or answer unstably.

Commands:
  lint [PATH|GLOB ...]   Lint prompt files (default: the current folder)
  rules                  List the rules with their default severity

Options:
  -h, --help             Show help (also: evenhand lint --help)
  -v, --version          Print the version

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error.
`;

export const LINT_HELP = `Usage: evenhand lint [PATH|GLOB ...] [options]

Folders are walked for prompt files (*.prompt.md, *.instructions.md, *.chatmode.md, *.agent.md, AGENTS.md,
.github/copilot-instructions.md, *.prompty, *.prompt, *.prompt.yml, *.prompt.yaml), honouring .gitignore files
and the config's include/exclude globs; node_modules and .git are never walked. Files named explicitly are linted
whatever their extension (unknown names as plain text). Globs are expanded (quote them), honouring .gitignore and
the config's exclude. Without a path, the current folder is linted.

Options:
  --format text|json|sarif                  Output format (default: text)
  --fail-on error|warning|information       Exit 1 when a finding is at least this severe (default: warning)
  --config FILE                             Use this configuration instead of the nearest .evenhand.json
  -h, --help                                Show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error.
`;

/** The rule table printed by \`evenhand rules\`. */
export function formatRules(): string {
  const idWidth = Math.max(...RULES.map((r) => r.id.length));
  const nameWidth = Math.max(...RULES.map((r) => r.name.length));
  const severityWidth = Math.max(...RULES.map((r) => r.defaultSeverity.length));
  return RULES.map(
    (r) => `${r.id.padEnd(idWidth)}  ${r.name.padEnd(nameWidth)}  ${r.defaultSeverity.padEnd(severityWidth)}  ${r.description}\n`,
  ).join('');
}
