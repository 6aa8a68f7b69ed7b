/**
 * bench/RESULTS.md: each benchmark owns one `## ` section and replaces only that one.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The results file every benchmark writes into. */
export const RESULTS_FILE = path.resolve(__dirname, '..', 'RESULTS.md');

/**
 * Puts `section` (which starts with its `heading` line) in place of that heading's section of
 * bench/RESULTS.md, or at the end when the file has none yet; the other sections stay as they are.
 */
export async function writeResultsSection(heading: string, section: string): Promise<void> {
  let text = await readFile(RESULTS_FILE, 'utf8').catch(() => '# Benchmark results\n');
  const start = text.indexOf(heading);
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + section + (next >= 0 ? text.slice(next + 1) : '');
  } else text = `${text.trimEnd()}\n\n${section}`;
  await writeFile(RESULTS_FILE, text);
}
