// Bundles the extension client, the language server and the CLI with esbuild (type checking is `tsc -b`).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD build requires its modules dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

// tree-sitter's runtime loads Node built-ins with import(). The CLI starts its bundle through vm.Script with V8's code
// cache (bin/evenhand.js), and a script restored from that cache has no dynamic-import hook: the two imports are
// read from built-ins the bundle requires at its top instead (require itself is shadowed where they are).
const builtinImports = {
  name: 'tree-sitter-builtin-imports',
  setup(build) {
    build.onLoad({ filter: /tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source
        .replace('await import("module")', 'await Promise.resolve(__evenhandBuiltin.module)')
        .replace('await import("fs/promises")', 'await Promise.resolve(__evenhandBuiltin.fsPromises)');
      if (contents.includes('import(')) throw new Error('tree-sitter.js has a dynamic import the build does not replace');
      return { contents, loader: 'js' };
    });
  },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', ...withTreeSitter() },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', ...withTreeSitter() },
];

function withTreeSitter() {
  return {
    plugins: [builtinImports],
    banner: { js: 'const __evenhandBuiltin = { module: require("node:module"), fsPromises: require("node:fs/promises") };' },
  };
}

// tree-sitter's runtime and the grammars Evenhand reads code with, beside the bundles (server/src/codeParsers.ts looks
// in dist/wasm first): Python, and TSX for TypeScript and JavaScript alike.
const wasmSource = path.dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm'));
fs.mkdirSync('dist/wasm', { recursive: true });
for (const file of ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-tsx.wasm']) fs.copyFileSync(path.join(wasmSource, file), path.join('dist/wasm', file));

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
