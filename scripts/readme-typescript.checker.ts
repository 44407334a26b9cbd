import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * Type-checks every TypeScript block (```ts) of README.md and docs/*.md as a reader would paste it: each block
 * is an ES module of its own (so each must hold its imports; top-level `await` is allowed),
 * compiled under `strict` with the repository's compiler options, against the libraries' sources
 * (tsconfig `paths`) and the repository's packages. Prints each error at its README line and
 * exits 1. Run by `npm run typecheck`.
 */
const ROOT = resolve(__dirname, '..');
const READMES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
/** Where the blocks are written: inside the repository, so that its node_modules resolve. */
const OUT = join(ROOT, 'node_modules', '.cache', 'readme-typescript');

interface Block {
  readme: string;
  /** Line of the README where the block's code starts (1-based). */
  line: number;
  file: string;
}

function writeBlocks(): Block[] {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  return READMES.flatMap((readme) => {
    const text = readFileSync(join(ROOT, readme), 'utf8');
    return [...text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)].map((match) => {
      const line = text.slice(0, match.index).split('\n').length + 1;
      const file = join(OUT, `${readme.replace(/\W+/g, '-')}-${line}.ts`);
      // `export {}` keeps a block without imports a module of its own (isolatedModules).
      writeFileSync(file, `${match[1]}\nexport {};\n`);
      return { readme, line, file };
    });
  });
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.json could not be read');
  return {
    ...parsed.options,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    incremental: false,
  };
}

function check(): number {
  const blocks = writeBlocks();
  const program = ts.createProgram(
    blocks.map((block) => block.file),
    compilerOptions(),
  );
  const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = blocks.find((candidate) => candidate.file === diagnostic.file?.fileName);
    if (!block || !diagnostic.file || diagnostic.start === undefined) {
      return `${diagnostic.file ? relative(ROOT, diagnostic.file.fileName) : 'tsconfig'}: ${message}`;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${block.readme}:${block.line + line}: ${message}`;
  });
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.stdout.write(
    `README TypeScript blocks: ${blocks.length} checked, ${problems.length} problem(s)\n`,
  );
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = check();
