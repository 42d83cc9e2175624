// Text from prompts, configuration files, file names and endpoints reaches the terminal only through here: an
// escape sequence in a prompt must not clear the screen, retitle the window or reorder what the user reads.
import { visibleText } from '../../report/markup.js';

/**
 * Untrusted text made safe to print: C0 controls but tab and line feed, DEL, C1 controls and bidirectional
 * overrides shown as U+FFFD, line breaks as \n; the reports show such text the same way.
 */
export function terminalText(text: string): string {
  return visibleText(text);
}
