import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Makes tsc's ES-module output loadable by Node: Node's ESM loader needs full relative
 * specifiers (`./x.js`, `./dir/index.js`), while the sources import `./x` (as the CommonJS build,
 * jest and ts-node want). tsc cannot add extensions, so this rewrites every relative specifier of
 * the emitted `.js` and `.d.ts` files to the file it names, and fails, naming it, on any that
 * resolves to nothing. It also marks the folder `"type": "module"`, so that Node and TypeScript
 * read it as ES modules whatever the package's own type.
 *
 * Usage: `ts-node scripts/esm-output.fixer.ts <outDir>`.
 */

/** `from './x'`, `import './x'`, `import('./x')` and `export * from './x'`, in JS and in .d.ts. */
const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The full specifier for `specifier` as written in `file`, or undefined if it names nothing. */
function fullSpecifier(file: string, specifier: string): string | undefined {
  if (/\.(c|m)?js$/.test(specifier)) return specifier;
  const target = resolve(dirname(file), specifier);
  const declaration = file.endsWith('.d.ts');
  const exists = (base: string) => existsSync(base + (declaration ? '.d.ts' : '.js'));
  if (exists(target)) return `${specifier}.js`;
  if (exists(join(target, 'index'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  return undefined;
}

function fixFolder(outDir: string): void {
  const unresolved: string[] = [];
  for (const file of filesUnder(outDir).filter((f) => /\.(js|d\.ts)$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(
      RELATIVE_SPECIFIER,
      (match, prefix: string, quote: string, specifier: string) => {
        const full = fullSpecifier(file, specifier);
        if (full === undefined) {
          unresolved.push(`${file}: ${specifier}`);
          return match;
        }
        return `${prefix}${quote}${full}${quote}`;
      },
    );
    if (fixed !== text) writeFileSync(file, fixed);
  }
  if (unresolved.length > 0) {
    throw new Error(`Relative imports that name no file:\n  ${unresolved.join('\n  ')}`);
  }
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
}

const [outDir] = process.argv.slice(2);
if (!outDir || !existsSync(outDir)) {
  process.stderr.write('Usage: esm-output.fixer.ts <existing outDir>\n');
  process.exit(2);
}
fixFolder(outDir);
