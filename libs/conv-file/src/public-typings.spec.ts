import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';

const LIBRARY = join(__dirname, '..');
const ENTRY_POINTS = ['index', 'http', 'validation', 'batches'];
/** Optional peers an app installs only for what it uses; no entry point's typings may need them. */
const NEVER_IN_TYPINGS = [
  'bullmq',
  '@redis/client',
  '@opentelemetry/api',
  '@nestjs/swagger',
  'class-validator',
];
/** The one optional peer an entry point is for, which its typings may name. */
const ENTRY_PEER: Record<string, string> = { validation: 'class-validator' };
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** The library's declarations as `npm run build:libs` emits them, by path (without writing them). */
function emitDeclarations(): Map<string, string> {
  const configPath = join(LIBRARY, 'tsconfig.lib.json');
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, LIBRARY);
  const program = ts.createProgram(parsed.fileNames, {
    ...parsed.options,
    noEmit: false,
    emitDeclarationOnly: true,
    declarationMap: false,
  });
  const files = new Map<string, string>();
  program.emit(undefined, (path, text) => files.set(resolve(path), text), undefined, true);
  return files;
}

describe("the library's public typings", () => {
  it('never reach an optional peer, from any entry point but the one that is for it', () => {
    const files = emitDeclarations();
    const outDir = dirname([...files.keys()].find((path) => path.endsWith('/index.d.ts'))!);
    const reached = (entry: string) => {
      const seen = new Set<string>();
      const external = new Set<string>();
      const visit = (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        const text = files.get(path);
        if (text === undefined) throw new Error(`no declaration ${path}`);
        for (const [, specifier] of text.matchAll(IMPORT)) {
          if (specifier.startsWith('.')) visit(resolve(dirname(path), `${specifier}.d.ts`));
          else external.add(specifier);
        }
      };
      visit(join(outDir, `${entry}.d.ts`));
      return { seen, external };
    };

    for (const entry of ENTRY_POINTS) {
      const { seen, external } = reached(entry);
      expect(seen.size).toBeGreaterThan(1);
      const forbidden = NEVER_IN_TYPINGS.filter((name) => name !== ENTRY_PEER[entry]);
      expect([entry, forbidden.filter((name) => external.has(name))]).toEqual([entry, []]);
    }
  }, 60_000);
});
