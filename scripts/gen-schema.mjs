// Generates the JSON schema of `.evenhand.json` (schemas/evenhand.schema.json) from the zod schema, so the
// editor's validation of the file and the linter's can never disagree. Run after `tsc -b` (it reads server/out).
// package.json's contributes.configuration (the `evenhand.*` settings) comes from the same schema, written by
// gen-manifest.mjs; test/grammar.test.ts fails when either generated file is out of date.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { configSchema, DEFAULT_MAX_FILE_SIZE } = require(path.join(root, 'server', 'out', 'core', 'config.js'));
const { RULES } = require(path.join(root, 'server', 'out', 'core', 'rules', 'index.js'));
const { CHECK_DEFAULTS } = require(path.join(root, 'server', 'out', 'lsp', 'checkSettings.js'));

export const SCHEMA_PATH = path.join(root, 'schemas', 'evenhand.schema.json');

/** The JSON schema of `.evenhand.json`, with every known rule id listed for completion. */
export function configJsonSchema() {
  const schema = z.toJSONSchema(configSchema, { target: 'draft-07' });
  const severity = schema.properties.rules.additionalProperties;
  schema.properties.rules.properties = Object.fromEntries(
    RULES.map((rule) => [
      rule.id,
      { ...severity, description: `${rule.name} (default ${rule.defaultSeverity}): ${rule.description}` },
    ]),
  );
  return {
    $schema: schema.$schema,
    title: 'Evenhand configuration',
    description: 'Configuration of the Evenhand persona linter (.evenhand.json). The nearest file above a prompt file applies.',
    ...schema,
    // VS Code's JSON service reads these; the file is parsed as JSON with comments and trailing commas.
    allowComments: true,
    allowTrailingCommas: true,
  };
}

const SETTING_DEFAULTS = {
  rules: {},
  lexicon: {},
  taskRoles: [],
  include: [],
  exclude: [],
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  code: 'auto',
};

const SETTING_DESCRIPTIONS = {
  include: 'Globs of files to lint, relative to the workspace folder. The nearest .evenhand.json overrides this.',
  exclude: 'Globs of files never to lint, relative to the workspace folder. The nearest .evenhand.json overrides this.',
};

/**
 * The sampled checks' settings. They are editor settings only (never in `.evenhand.json`); where requests go has
 * `machine` scope, so only the user's own settings can set it, never a workspace's.
 */
const CHECK_SETTINGS = {
  "evenhand.endpoint.baseUrl": {
    "type": "string",
    "default": "",
    "format": "uri",
    "scope": "machine",
    "markdownDescription": "Base URL of the OpenAI-compatible endpoint sampled checks send requests to, including the version path (`https://api.openai.com/v1`, `http://localhost:11434/v1`). Only your user settings can set it, so a cloned repository cannot point your key at its own server. Empty: checks send nothing. Set it with **Evenhand: Configure Model Endpoint**."
  },
  "evenhand.endpoint.model": {
    "type": "string",
    "default": "",
    "scope": "machine",
    "description": "Model the sampled checks ask, e.g. gpt-4o-mini or llama3.1."
  },
  "evenhand.endpoint.embeddingModel": {
    "type": "string",
    "default": "",
    "scope": "machine",
    "description": "Embedding model the stability check compares free-text answers with (optional; without it a local lexical vector is used)."
  },
  "evenhand.checks.maxRequests": {
    "type": "integer",
    "default": 300,
    "minimum": 1,
    "maximum": 100000,
    "scope": "machine-overridable",
    "description": "The most requests one check may send; it stops as inconclusive rather than exceed it. The one-sided check reaches 90% power at relative risk 1.9 with 600."
  },
  "evenhand.checks.background": {
    "type": "string",
    "enum": [
      "off",
      "onSave"
    ],
    "enumDescriptions": [
      "Checks run only when you ask.",
      "After a save, check the personas whose text changed since their last result, one at a time, within the daily budget."
    ],
    "default": "off",
    "scope": "machine-overridable",
    "description": "Run sampled checks in the background."
  },
  "evenhand.checks.dailyRequestBudget": {
    "type": "integer",
    "default": 2000,
    "minimum": 0,
    "maximum": 10000000,
    "scope": "machine",
    "description": "The most requests the editor's checks (on request and in the background) send per day on this machine."
  },
  "evenhand.checks.concurrency": {
    "type": "integer",
    "default": 4,
    "minimum": 1,
    "maximum": 64,
    "scope": "machine-overridable",
    "description": "Requests in flight at once."
  },
  "evenhand.checks.temperature": {
    "type": "number",
    "default": 0.7,
    "minimum": 0,
    "maximum": 2,
    "scope": "machine-overridable",
    "description": "Sampling temperature (0.7 as in the motivated-reasoning study)."
  },
  "evenhand.checks.timeoutSeconds": {
    "type": "number",
    "default": 120,
    "minimum": 1,
    "maximum": 3600,
    "scope": "machine-overridable",
    "description": "Per request, before it counts as failed and is retried."
  },
  "evenhand.checks.price": {
    "type": "object",
    "properties": {
      "promptPerMillion": {
        "type": "number",
        "minimum": 0
      },
      "completionPerMillion": {
        "type": "number",
        "minimum": 0
      }
    },
    "required": [
      "promptPerMillion",
      "completionPerMillion"
    ],
    "additionalProperties": false,
    "scope": "machine-overridable",
    "markdownDescription": "Price of a million prompt and completion tokens, for the report's cost estimate, e.g. `{\"promptPerMillion\": 0.15, \"completionPerMillion\": 0.6}`."
  }
};

/** The check settings with their defaults taken from the server's, so the two cannot drift apart. */
function checkSettingsContribution() {
  const defaults = {
    'evenhand.endpoint.baseUrl': '',
    'evenhand.endpoint.model': '',
    'evenhand.endpoint.embeddingModel': '',
    'evenhand.checks.maxRequests': CHECK_DEFAULTS.maxRequests,
    'evenhand.checks.background': CHECK_DEFAULTS.background,
    'evenhand.checks.dailyRequestBudget': CHECK_DEFAULTS.dailyRequestBudget,
    'evenhand.checks.concurrency': CHECK_DEFAULTS.concurrency,
    'evenhand.checks.temperature': CHECK_DEFAULTS.temperature,
    'evenhand.checks.timeoutSeconds': CHECK_DEFAULTS.timeoutSeconds,
  };
  return Object.fromEntries(
    Object.entries(CHECK_SETTINGS).map(([key, value]) => [key, key in defaults ? { ...value, default: defaults[key] } : value]),
  );
}

/** package.json's contributes.configuration: the same keys as `.evenhand.json`, the server trace level, the checks. */
export function settingsContribution() {
  const schema = configJsonSchema();
  const properties = {};
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
    const { description, ...rest } = schema.properties[key];
    properties[`evenhand.${key}`] = {
      ...rest,
      default: value,
      description:
        SETTING_DESCRIPTIONS[key] ?? `${description ?? ''} The nearest .evenhand.json overrides this setting.`.trim(),
      scope: 'resource',
    };
  }
  properties['evenhand.trace.server'] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Traces the communication between VS Code and the Evenhand language server.',
    scope: 'window',
  };
  Object.assign(properties, checkSettingsContribution());
  return { title: 'Evenhand', properties };
}

function main() {
  fs.mkdirSync(path.dirname(SCHEMA_PATH), { recursive: true });
  fs.writeFileSync(SCHEMA_PATH, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
