// Generates the JSON schema of `.evenhand.json` (schemas/evenhand.schema.json) from the zod schema, so the
// editor's validation of the file and the linter's can never disagree. Run after `tsc -b` (it reads server/out).
// `--manifest` also rewrites package.json's contributes.configuration (the `evenhand.*` settings) from the
// same schema; test/grammar.test.ts fails when either generated file is out of date.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { configSchema, DEFAULT_MAX_FILE_SIZE } = require(path.join(root, 'server', 'out', 'core', 'config.js'));
const { RULES } = require(path.join(root, 'server', 'out', 'core', 'rules', 'index.js'));

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
};

const SETTING_DESCRIPTIONS = {
  include: 'Globs of files to lint, relative to the workspace folder. The nearest .evenhand.json overrides this.',
  exclude: 'Globs of files never to lint, relative to the workspace folder. The nearest .evenhand.json overrides this.',
};

/** package.json's contributes.configuration: the same keys as `.evenhand.json`, plus the server trace level. */
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
  return { title: 'Evenhand', properties };
}

function main() {
  fs.mkdirSync(path.dirname(SCHEMA_PATH), { recursive: true });
  fs.writeFileSync(SCHEMA_PATH, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  if (process.argv.includes('--manifest')) {
    // Only contributes.configuration is touched; everything else in package.json is written back as read.
    const manifestPath = path.join(root, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    manifest.contributes = { ...manifest.contributes, configuration: settingsContribution() };
    fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
