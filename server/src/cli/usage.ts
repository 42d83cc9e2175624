import { PROMPT_FORMATS, RULES } from '../core/index.js';

/** The file names of each format in the format table, one format a line, the names lined up after the labels. */
const NAMED_FORMATS = PROMPT_FORMATS.filter((format) => format.globs.length > 0);
const LABEL_WIDTH = Math.max(...NAMED_FORMATS.map((format) => format.label.length));
const PROMPT_FILE_NAMES = NAMED_FORMATS.map((format) => `  ${format.label.padEnd(LABEL_WIDTH)}  ${format.globs.map((glob) => glob.replace('**/', '')).join(', ')}`).join('\n');

export const MAIN_HELP = `Usage: evenhand <command> [options]

Finds persona assignments in prompt files that make a model judge one-sidedly or answer unstably.

Commands:
  lint [PATH|GLOB ...]   Lint prompt files (default: the current folder)
  rules                  List the rules with their default severity
  check CHECK FILE       Measure a persona against a model: one-sided, stability or debias
  report [FILE ...]      Report the kept check results as Markdown, HTML or JSON

Options:
  -h, --help             Show help (also: evenhand lint --help, evenhand check --help, evenhand report --help)
  -v, --version          Print the version

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error, or a named file or
folder could not be read.
evenhand check: 0 not flagged, 1 flagged, 2 usage or configuration error, 3 could not finish or incomplete (no usable answer).
evenhand report: 0 written (also when there are no results), 2 usage error or the report could not be written.
`;

export const LINT_HELP = `Usage: evenhand lint [PATH|GLOB ...] [options]

Folders are walked for prompt files, honouring .gitignore files and the config's include/exclude globs;
node_modules, .git and .evenhand are never walked. The prompt files of each format:
${PROMPT_FILE_NAMES}
Code, notebook and data files are read when they hold prompts: by default (setting \`code\`: auto) a code file
or notebook that imports a model SDK, names a prompt or holds a literal that opens like one, and JSON or YAML with
a prompt-like key; \`"code": "on"\` reads every code file, \`"off"\` none.
Files named explicitly are linted whatever their extension (unknown names as plain text). Globs are expanded
(quote them), honouring .gitignore and the config's exclude. Without a path, the current folder is linted.

Options:
  --format text|json|sarif                  Output format (default: text)
  --fail-on error|warning|information       Exit 1 when a finding is at least this severe (default: warning)
  --config FILE                             Use this configuration instead of the nearest .evenhand.json
  --no-cache                                Lint every file, neither reading nor writing the results cache
  -h, --help                                Show this help

Results are cached by file content, configuration and Evenhand build, beside the model reply cache
(.evenhand/cache in the workspace, else $XDG_CACHE_HOME/evenhand/cache), so unchanged files are not linted again.

Files and folders that cannot be read are reported with the skipped files (stderr, JSON "skipped", SARIF
notifications) and the rest is still linted.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error, or a file or folder
named on the command line could not be read (one found inside a named folder is reported but does not fail the run).
`;

export const CHECK_HELP = `Usage: evenhand check one-sided|stability|debias FILE [options]

Sends the prompt's persona to a model many times and says, with an honest interval, whether it matters:
  one-sided   Mirrored probe pairs under the prompt as written: does the model judge evidence by which side its
              conclusion favours? one-sided / even-handed / inconclusive. Then, from the budget's rest, the
              prompt without the persona and with a counterfactual one: how much of the gap the persona adds
  stability   The prompt's sample inputs (or probe questions) under the persona, contrasting personas and none:
              is the persona's effect larger than run-to-run noise? stable / unstable / inconclusive
  debias      The one-sided check with and without the prompt's "be fair" sentence(s) (EH003), guarding the
              baseline's accuracy: effective / ineffective / inconclusive
Each check samples in rounds and stops as soon as its verdict is settled, or at the request budget.

Nothing is sent unless an endpoint is configured: --base-url or OPENAI_BASE_URL. Before it starts, the check prints
the endpoint host, the model and the most requests it may make.

API keys, as in the editor: OPENAI_API_KEY is sent only to the origin of OPENAI_BASE_URL, or to
https://api.openai.com when OPENAI_BASE_URL is unset (or not a URL). Any other endpoint gets no key, and the check
says so, unless you name the variable to send with --api-key-env (--api-key-env OPENAI_API_KEY sends
OPENAI_API_KEY there). Keys are never written anywhere.

Options:
  --persona-line N            The persona on line N; where none is detected, the one sentence on that line,
                              chosen by hand (default: the first identity or one-sided persona)
  --persona-text "TEXT"       Measure this text of the prompt as the persona sentence, detected or not, chosen by
                              hand; it must occur in the prompt's messages (whitespace may differ) exactly once,
                              or once on the --persona-line given with it
  --base-url URL              OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (default: OPENAI_BASE_URL)
  --model NAME                Model to check against (required)
  --embedding-model NAME      stability: compare free-text answers by this embedding model
  --probes FILE               one-sided, debias: mirrored probe items (JSON or YAML) instead of the shipped ones;
                              stability: probe questions when there are no sample inputs
  --inputs FILE               stability: a JSON array of variable maps for the prompt's template
  --personas "S|S"            Sentences that replace the persona sentence: stability's contrasts; one-sided and
                              debias use the first as the counterfactual
  --samples N                 stability: runs per persona and item per round (default 3)
  --max-requests N            Answers to pay for (default 300; failed attempts do not count, and requests sent stop at
                              twice this); the check stops as inconclusive rather than exceed it
  --concurrency N             Requests in flight at once (default 4)
  --seed N                    Seeds the check; a different seed draws fresh samples instead of cached ones (default 0)
  --temperature T             Sampling temperature, 0 to 2 (default 0.7, as in the motivated-reasoning study)
  --max-tokens N              Most tokens per answer (default: the endpoint's)
  --timeout SECONDS           Per attempt, before it counts as failed and is retried (default 60)
  --api-key-env NAME          Send the key in this environment variable to the endpoint, whatever its origin
  --price IN,OUT              Price of a million prompt and completion tokens, for a cost estimate (e.g. 0.15,0.60)
  --no-cache                  Do not read or write the reply cache (.evenhand/cache in the file's workspace, else
                              $XDG_CACHE_HOME/evenhand)
  --no-save                   Do not keep the result in .evenhand/results (where the editor and
                              "evenhand report" read results)
  --format text|json|sarif    Output format (default: text)
  -h, --help                  Show this help

Exit codes: 0 not flagged (including inconclusive), 1 flagged (one-sided, unstable, ineffective), 2 usage or
configuration error, 3 the check could not finish: "incomplete" (no usable answer, or request after request
failed; the report says why and the answers stay cached for a re-run) or stopped before any report.
`;

export const REPORT_HELP = `Usage: evenhand report [FILE|FOLDER ...] [options]

Writes one report of the check results kept in the workspace (.evenhand/results, where "evenhand check" and the
editor keep them): per prompt file, per persona, per check, newest first, with the verdict, the effect and its
interval, the per-condition table, charts, requests, tokens, cost, time, endpoint, notes and the raw answers.
Without FILE, every result of the current folder's workspace; with FILEs or FOLDERs, only their results (each
looked up in its own workspace). Model answers and prompt text are escaped: the HTML runs no script and loads
nothing, under a strict Content-Security-Policy.

When there are no results, it says so on stderr and still writes a valid, empty report (exit 0), so CI steps
that upload the report do not fail.

Options:
  --format md|html|json       Output format (default: from the --output extension, else md)
  -o, --output PATH           Write to PATH (replaced atomically) instead of stdout
  -h, --help                  Show this help

Exit codes: 0 written, 2 usage error or the report could not be written.
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
