import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { startSimulator, type Simulator, type SimulatorBehaviour } from './simulator.js';

/**
 * Simulators and temporary folders for one test file, closed and removed once its tests have run. Call it at the
 * top level of the file, so the clean-up belongs to the file.
 */
export function testResources(folderPrefix: string): {
  simulator(behaviour: SimulatorBehaviour): Promise<Simulator>;
  tempFolder(): string;
} {
  const simulators: Simulator[] = [];
  const folders: string[] = [];
  after(async () => {
    await Promise.all(simulators.map((s) => s.close()));
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });
  return {
    async simulator(behaviour) {
      const sim = await startSimulator(behaviour);
      simulators.push(sim);
      return sim;
    },
    tempFolder() {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
      folders.push(folder);
      return folder;
    },
  };
}
