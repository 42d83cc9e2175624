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
require(bundle);
