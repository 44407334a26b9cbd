import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as library from '@nest-dingtalk/conv-file';
import * as batches from '@nest-dingtalk/conv-file/batches';
import * as http from '@nest-dingtalk/conv-file/http';
import * as validation from '@nest-dingtalk/conv-file/validation';
import * as sandbox from '@nest-dingtalk/sandbox';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** README.md and the pages of docs/ it links to: what users read. */
const userDocs = () =>
  ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => `docs/${name}`)]
    .filter((path) => path.endsWith('.md'))
    .map(read)
    .join('\n');

/** Every name an index.ts exports, values and types (`export { A, type B }`, `export type { C as D }`). */
function exportedNames(indexPath: string): Set<string> {
  const names = new Set<string>();
  for (const [, list] of read(indexPath).matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const entry of list.split(',')) {
      const name = entry
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  return names;
}

/** Library-looking names the README's prose names in backticks (code blocks are not prose). */
function namesInReadme(): Set<string> {
  const prose = userDocs().replace(/```[\s\S]*?```/g, '');
  const names = new Set<string>();
  for (const [, name] of prose.matchAll(/`([A-Za-z_]+)`/g)) {
    if (
      /^(ConvFile|convFileRoutes|convFileBatches|DingTalk|CacheManager|Inject|IsDingTalk|toDingTalk|CONV_FILE|GATEWAY|REQUEST_ID)/.test(
        name,
      )
    ) {
      names.add(name);
    }
  }
  return names;
}

/**
 * Classes and constants the sample app declares, by name. Read from the files, not from git, so
 * that the spec also runs in a copy of the tree (Stryker's sandbox has no `.git`).
 */
const sampleAppNames = new Set(
  readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .flatMap((path) => [...read(join('src', path)).matchAll(/export (?:class|const) (\w+)/g)])
    .map(([, name]) => name),
);

/** The library's entry points: the package's `exports`, each with its source file and module. */
const ENTRY_POINTS: Record<string, { path: string; module: object }> = {
  'conv-file': { path: 'libs/conv-file/src/index.ts', module: library },
  'conv-file/http': { path: 'libs/conv-file/src/http.ts', module: http },
  'conv-file/validation': { path: 'libs/conv-file/src/validation.ts', module: validation },
  'conv-file/batches': { path: 'libs/conv-file/src/batches.ts', module: batches },
};

describe('the public API matches the README', () => {
  const entryExports = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([entry, { path }]) => [entry, exportedNames(path)]),
  );
  const libraryExports = new Set(Object.values(entryExports).flatMap((names) => [...names]));
  const sandboxExports = exportedNames('libs/dingtalk-sandbox/src/index.ts');

  it('exports every library name the README tells users about', () => {
    // The sample app's own classes are named in its sections; they live in src/.
    const missing = [...namesInReadme()].filter(
      (name) => !libraryExports.has(name) && !sandboxExports.has(name) && !sampleAppNames.has(name),
    );

    expect(missing).toEqual([]);
  });

  it('exports every value it lists, for real', () => {
    const values = Object.entries(ENTRY_POINTS).flatMap(([entry, { module }]) =>
      [...entryExports[entry]].filter((name) => name in module).map((name) => ({ name, module })),
    );

    expect(values.length).toBeGreaterThan(20);
    for (const { name, module } of values) {
      expect((module as Record<string, unknown>)[name]).toBeDefined();
    }
    expect(typeof http.convFileRoutes).toBe('function');
    expect(typeof validation.IsDingTalkId).toBe('function');
    expect(typeof batches.convFileBatches).toBe('function');
    expect(typeof sandbox.createDingTalkSandbox).toBe('function');
  });

  it('imports in the README code resolve to exports of the entry point they name', () => {
    const imports = userDocs().matchAll(
      /import \{([^}]*)\} from '@nest-dingtalk\/(conv-file(?:\/http|\/validation|\/batches)?|sandbox)'/g,
    );
    const missing: string[] = [];
    for (const [, list, entryPoint] of imports) {
      for (const entry of list.split(',')) {
        const name = entry.trim().replace(/^type\s+/, '');
        const exports = entryExports[entryPoint] ?? sandboxExports;
        if (name && !exports.has(name)) missing.push(`${entryPoint}: ${name}`);
      }
    }

    expect(missing).toEqual([]);
  });

  it('stays small, all entry points together: nothing that exists only for the built-in controller', () => {
    const internals = [
      'SendLinkBodyDto',
      'UnionIdQueryDto',
      'ConvFileValidationPipe',
      'ConvFileResponseDto',
      'DingTalkErrorBodyDto',
      'createConvFileController',
    ];

    expect(internals.filter((name) => libraryExports.has(name))).toEqual([]);
    // 50 for one app; several apps add the app options' type, the per-app client and the event
    // route; metrics add the observer (its events' types are inferred from it); batches add their
    // entry point's 14 (the service, its option, types and error); the filters' request-log key.
    expect(libraryExports.size).toBeLessThanOrEqual(69);
  });
});
