import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(__dirname, '..', '..', '..');

const run = promisify(execFile);

/** A workspace packed by `npm pack`, and its tarball's files, extracted. */
export interface PackedPackage {
  name: string;
  version: string;
  /** The tarball's file name, e.g. `nest-dingtalk-conv-file-0.1.0.tgz`. */
  filename: string;
  /** The tarball's absolute path. */
  tarball: string;
  /** Where its files were extracted (the tarball's `package/` folder). */
  contents: string;
  /** Its files, relative to `contents`. */
  files: string[];
}

/**
 * `npm pack --workspace <name>` for each workspace, as README.md says: npm runs each package's
 * `prepack` (its build) and writes the tarballs to `destination`, where they are also extracted.
 */
export async function packWorkspaces(
  names: string[],
  destination: string,
): Promise<PackedPackage[]> {
  const workspaces = names.flatMap((name) => ['--workspace', name]);
  const { stdout } = await run(
    'npm',
    ['pack', ...workspaces, '--pack-destination', destination, '--json'],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const packed = JSON.parse(stdout) as Array<{ name: string; version: string; filename: string }>;
  return Promise.all(
    packed.map(async ({ name, version, filename }) => {
      const tarball = join(destination, filename);
      const extracted = join(destination, filename.replace(/\.tgz$/, ''));
      mkdirSync(extracted);
      await run('tar', ['-xzf', tarball, '-C', extracted]);
      const contents = join(extracted, 'package');
      return { name, version, filename, tarball, contents, files: filesUnder(contents, contents) };
    }),
  );
}

function filesUnder(folder: string, root: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path)];
  });
}

/** Every path the package's `main`, `types`, `exports` and `typesVersions` name. */
export function entryPaths(pkg: PackedPackage): string[] {
  const manifest = JSON.parse(readFileSync(join(pkg.contents, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const paths: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') paths.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  [manifest.main, manifest.types, manifest.exports, manifest.typesVersions].forEach(collect);
  return paths;
}

/** Source files that the package's source maps name but the package does not hold. */
export function unresolvedMapSources(pkg: PackedPackage): string[] {
  return pkg.files
    .filter((file) => file.endsWith('.map'))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(join(pkg.contents, file), 'utf8')) as {
        sources: string[];
        sourceRoot?: string;
      };
      return map.sources
        .map((source) => join(dirname(file), map.sourceRoot ?? '', source))
        .filter((source) => !existsSync(join(pkg.contents, source)))
        .map((source) => `${file} → ${source}`);
    });
}
