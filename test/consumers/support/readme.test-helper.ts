import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './packed-package.test-helper';

const readme = (): string => readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The lines of README.md's shell blocks that install a packed tarball, in their order. */
export function readmeTarballInstallLines(): string[] {
  const blocks = [...readme().matchAll(/```bash\n([\s\S]*?)```/g)].map(([, block]) => block);
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => /^npm install .*\.\/nest-dingtalk-[\w.-]+\.tgz$/.test(line));
}

/**
 * README.md's table of peer versions by Nest major: for each row (`| Nest 10 | ...`), the range
 * of each package named in backticks in the column's header.
 */
export function readmePeerTable(): Map<number, Record<string, string>> {
  const lines = readme().split('\n');
  const headerIndex = lines.findIndex((line) => /^\| your app \|/.test(line));
  if (headerIndex < 0) throw new Error('README.md has no peer-version table (| your app | ...)');
  const cells = (line: string) =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
  const packagesByColumn = cells(lines[headerIndex]).map((header) =>
    [...header.matchAll(/`(@?[\w./-]+)`/g)].map(([, name]) => name),
  );
  const table = new Map<number, Record<string, string>>();
  for (const line of lines.slice(headerIndex + 2)) {
    const row = /^\| Nest (\d+) \|/.exec(line);
    if (!row) break;
    const ranges: Record<string, string> = {};
    cells(line).forEach((cell, column) => {
      const range = /^`([^`]+)`$/.exec(cell)?.[1]?.replace(/\\\|/g, '|');
      if (range) for (const name of packagesByColumn[column]) ranges[name] = range;
    });
    table.set(Number(row[1]), ranges);
  }
  return table;
}
