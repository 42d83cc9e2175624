// The editor suite's entry point, in the layout @vscode/test-electron and code-server's extension test runner both
// load: `run()` resolves when every test passed. EVENHAND_E2E_PASS picks the files: "trusted" (the default) for a
// trusted workspace, "untrusted" for the pass whose folder is left untrusted.
import * as path from 'node:path';
import * as vscode from 'vscode';

// mocha 12's entry is an ES module; its CommonJS build loads in any extension host, also an Electron one whose
// Node cannot require() ES modules.
const Mocha = require('mocha/lib/mocha.cjs') as typeof import('mocha');

const FILES: Record<string, string[]> = {
  trusted: ['lint.e2e.js', 'checks.e2e.js', 'selection.e2e.js', 'keys.e2e.js'],
  untrusted: ['untrusted.e2e.js'],
};

export async function run(): Promise<void> {
  const pass = process.env.EVENHAND_E2E_PASS ?? 'trusted';
  const files = FILES[pass];
  if (!files) throw new Error(`EVENHAND_E2E_PASS must be one of ${Object.keys(FILES).join(', ')}, not ${pass}`);
  // The code-server runner shows the extension host's console from this line on.
  console.log(`Evenhand editor suite, ${pass} pass: ${files.join(', ')}`);
  // The suite's checks together send more than a day's default budget (2,000 requests): the budget is not what
  // these tests are about (test/shared-state.test.ts is), so the run gets a large one.
  await vscode.workspace.getConfiguration('evenhand').update('checks.dailyRequestBudget', 1_000_000, vscode.ConfigurationTarget.Global);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 180_000 });
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} editor test${failures === 1 ? '' : 's'} failed (${pass} pass)`);
}
