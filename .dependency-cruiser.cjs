// The walls between Evenhand's layers, checked by `npm run lint:deps` (part of `npm test`).
// Sources are parsed with swc, which keeps type-only imports: a wall that only held for runtime imports would
// let the engine lean on editor or Node types, and type-only cycles would go unseen.

/** Files of the engine: prompt formats, the persona model, the rules, the statistics and the sampled checks. */
const CORE = '^server/src/core/';

/** What the client may import from the server: the protocol and the shared, vscode-free code it renders with. */
const CLIENT_MAY_IMPORT = [
  '^server/src/protocol\\.ts$',
  '^server/src/core/checks/record\\.ts$',
  '^server/src/core/checks/summary\\.ts$',
  '^server/src/report/index\\.ts$',
  '^server/src/sealing\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-no-node-builtins',
      comment: 'The engine runs anywhere, as vscode-languageserver-node common/ does: no fs, no network, no process.',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-editor-or-model-packages',
      comment: 'The engine knows neither VS Code, nor the LSP, nor the model client.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '(^|/)node_modules/(@types/)?(vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc|openai)/' },
    },
    {
      name: 'core-imports-only-core',
      comment:
        'The language server (server.ts, lsp/), the CLI, the model client, results, reports and the protocol ' +
        'all call the engine; it calls none of them.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^(server|client)/', pathNot: CORE },
    },
    {
      name: 'stats-imports-only-stats',
      comment: 'The statistics know nothing of the checks (or anything else): the checks turn their decisions into verdicts.',
      severity: 'error',
      from: { path: '^server/src/core/stats/' },
      to: { path: '^(server|client)/', pathNot: '^server/src/core/stats/' },
    },
    {
      name: 'core-no-cycles',
      comment: 'No circular imports in the engine, type-only ones included.',
      severity: 'error',
      from: { path: CORE },
      to: { circular: true },
    },
    {
      name: 'client-imports-only-protocol-and-shared',
      comment: 'The extension holds no lint or statistics logic: it talks to the server through protocol.ts.',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/', pathNot: CLIENT_MAY_IMPORT },
    },
    {
      name: 'resolvable',
      comment: 'An import the checker cannot resolve is an import no wall can see: fix the import or this config.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // dependency-cruiser reads TypeScript with the `typescript` package only up to 6.x; we build with 7.
    parser: 'swc',
    doNotFollow: { path: '(^|/)node_modules/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
