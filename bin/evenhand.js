#!/usr/bin/env node
'use strict';
// The CLI ships as one bundle built by `npm run build` (run by `npm ci` / `npm install` through `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('evenhand: dist/cli.js is missing; run "npm run build" in the evenhand folder first.\n');
  process.exit(2);
}
if (process.env.EVENHAND_NO_CODE_CACHE) require(bundle);
else runWithCodeCache(bundle);

/**
 * Loads the bundle as `require` would, but with V8's code cache for it kept in the user cache folder: compiling the
 * 2 MB bundle is about a third of a short run (0.13 s to 0.10 s for `--version`, and every `lint` of a cached tree
 * pays it). Node 22's module.enableCompileCache does this; Node 20 has only vm.Script's cachedData. The cache is
 * named by the Node version and a hash of the bundle, V8 rejects data that does not fit the source, and any
 * problem with the cache (unreadable, unwritable, rejected) only means compiling as usual.
 * EVENHAND_NO_CODE_CACHE=1 loads the bundle with plain `require`.
 */
function runWithCodeCache(file) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const crypto = require('node:crypto');
  const os = require('node:os');
  const source = fs.readFileSync(file, 'utf8');
  const key = crypto.createHash('sha256').update(process.version).update('\0').update(source).digest('hex').slice(0, 32);
  const folder = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'evenhand', 'code');
  const cacheFile = path.join(folder, `cli-${key}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet: compile as usual and write one on the way out.
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const compiled = new Module(file, module);
  compiled.filename = file;
  compiled.paths = Module._nodeModulePaths(path.dirname(file));
  const requireFromBundle = Module.createRequire(file);
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => keepCodeCache(folder, cacheFile, script));
  script.runInThisContext().call(compiled.exports, compiled.exports, requireFromBundle, compiled, file, path.dirname(file));
}

/** Writes the compiled code for the next run (atomically: a temp file renamed), dropping older bundles' caches. */
function keepCodeCache(folder, cacheFile, script) {
  try {
    fs.mkdirSync(folder, { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
    for (const name of fs.readdirSync(folder)) {
      if (name.startsWith('cli-') && name !== path.basename(cacheFile)) fs.rmSync(path.join(folder, name), { force: true });
    }
  } catch {
    // A cache folder that cannot be written costs the next run its compile time, nothing else.
  }
}
