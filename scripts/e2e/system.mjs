// The Debian packages the editor tests drive: Chromium (opens code-server's workbench), Neovim (the second LSP
// client), and for code-server's install ripgrep (stands in for the ripgrep build it would download) and the
// Kerberos headers (its kerberos module builds from source). Missing ones are installed with apt-get when running as
// root; otherwise the runner stops and names the command.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SYSTEM_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'neovim'];
export const INSTALL_COMMAND = `apt-get update && apt-get install -y ${SYSTEM_PACKAGES.join(' ')}`;

/** The absolute path of an executable on PATH, or undefined. */
export function which(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Chromium's executable: $CHROMIUM_PATH, or Debian's. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || which('chromium') || which('chromium-browser');
}

const present = {
  chromium: () => chromiumPath() !== undefined,
  ripgrep: () => which('rg') !== undefined,
  'libkrb5-dev': () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
  neovim: () => which('nvim') !== undefined,
};

/** Installs the missing ones of `names` (all four in one apt-get run), or throws naming the command to run. */
export function ensureSystemPackages(names = SYSTEM_PACKAGES) {
  const missing = names.filter((name) => !present[name]());
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || !which('apt-get')) {
    throw new Error(`missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${INSTALL_COMMAND}'`);
  }
  console.log(`Installing ${missing.join(', ')} with apt-get...`);
  const result = spawnSync('sh', ['-c', INSTALL_COMMAND], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const still = names.filter((name) => !present[name]());
  if (result.status !== 0 || still.length > 0) {
    throw new Error(`apt-get did not install ${still.join(', ') || missing.join(', ')} (exit ${result.status}); run: ${INSTALL_COMMAND}`);
  }
}

// `node scripts/e2e/system.mjs` (as .ci/run does before npm ci): install what is missing, or say how.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    ensureSystemPackages();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
