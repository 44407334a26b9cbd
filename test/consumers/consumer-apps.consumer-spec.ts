import { createClient } from '@redis/client';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { RunningProcess } from './support/child-process.test-helper';
import {
  fixtureManifest,
  installAndBuild,
  installedVersions,
  startApp,
  startSandbox,
  type ConsumerFixture,
} from './support/consumer-app.test-helper';
import {
  entryPaths,
  packWorkspaces,
  ROOT,
  unresolvedMapSources,
  type PackedPackage,
} from './support/packed-package.test-helper';
import { readmePeerTable, readmeTarballInstallLines } from './support/readme.test-helper';

/**
 * The consumer matrix: each app below is a Nest app of its own (test/consumers/<name>), which
 * installs the packed libraries exactly as README.md says, compiles with its own tsc under
 * `strict`, and runs against the sandbox. Add a Nest major by adding an app and a row here and
 * in README.md's peer table.
 */
const FIXTURES: ConsumerFixture[] = [
  { name: 'nest10-cjs-express', nest: 10, redis: false },
  { name: 'nest11-cjs-fastify', nest: 11, redis: false },
  { name: 'nest12-esm-express', nest: 12, redis: true },
];

const CONV_FILE = '@nest-dingtalk/conv-file';
const SANDBOX = '@nest-dingtalk/sandbox';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** What the apps' own guard (TeamTokenGuard) wants in `x-team-token`. */
const TEAM_TOKEN = 'team-token-of-the-consumer-app';
const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const REPORT = { spaceId: 'space-project', dentryId: 'dentry-report' };

const run = promisify(execFile);

let workspace: string;
let packages: PackedPackage[];
const packageNamed = (name: string): PackedPackage => {
  const found = packages.find((pkg) => pkg.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found;
};

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'nest-dingtalk-consumers-'));
  packages = await packWorkspaces([CONV_FILE, SANDBOX], workspace);
}, 300_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('the packed tarballs', () => {
  it('hold the README, LICENSE and CHANGELOG, and no tests', () => {
    for (const pkg of packages) {
      expect(pkg.files).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']),
      );
      expect(pkg.files.filter((file) => /\.spec\.ts$|(^|\/)testing\//.test(file))).toEqual([]);
      expect(readFileSync(join(pkg.contents, 'LICENSE'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
      );
    }
    expect(readFileSync(join(packageNamed(CONV_FILE).contents, 'README.md'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'README.md'), 'utf8'),
    );
  });

  it('hold both builds of the library, each entry point with its declarations', () => {
    const { files } = packageNamed(CONV_FILE);
    for (const build of ['cjs', 'esm']) {
      for (const entry of ['index', 'http', 'validation', 'batches']) {
        expect(files).toEqual(
          expect.arrayContaining([`dist/${build}/${entry}.js`, `dist/${build}/${entry}.d.ts`]),
        );
      }
    }
    expect(files).toContain('dist/esm/package.json');
  });

  it('hold every file their package.json names', () => {
    for (const pkg of packages) {
      const missing = entryPaths(pkg).filter((path) => !pkg.files.includes(path));

      expect(missing).toEqual([]);
    }
  });

  it('hold the source of every source map', () => {
    for (const pkg of packages) expect(unresolvedMapSources(pkg)).toEqual([]);
  });
});

describe('README.md', () => {
  it('installs the tarballs of the current versions', () => {
    expect(readmeTarballInstallLines()).toEqual([
      `npm install ./${packageNamed(CONV_FILE).filename}`,
      `npm install --save-dev ./${packageNamed(SANDBOX).filename}`,
    ]);
  });

  it.each(FIXTURES)('gives in its peer table what the Nest $nest app installs', (fixture) => {
    const row = readmePeerTable().get(fixture.nest);
    const { dependencies } = fixtureManifest(fixture);

    expect(row).toBeDefined();
    for (const [name, range] of Object.entries(row ?? {})) {
      if (name in dependencies) expect(`${name}@${dependencies[name]}`).toBe(`${name}@${range}`);
    }
    expect(dependencies['@nestjs/common']).toBeDefined();
  });
});

describe.each(FIXTURES)('a Nest $nest app ($name)', (fixture) => {
  const esm = fixtureManifest(fixture).type === 'module';
  const keyPrefix = `consumer-${fixture.name}-${process.pid}:`;
  let folder: string;
  let npmOutput: string;
  let sandbox: RunningProcess | undefined;
  let sandboxUrl: string;
  let app: RunningProcess | undefined;
  let url: string;

  beforeAll(async () => {
    folder = join(workspace, fixture.name);
    npmOutput = await installAndBuild(fixture, folder, packages, readmeTarballInstallLines());
    const dependencies = Object.keys(fixtureManifest(fixture).dependencies);
    process.stdout.write(
      `${fixture.name} runs ${installedVersions(folder, [...dependencies, 'typescript'])}\n`,
    );
    [sandbox, sandboxUrl] = await startSandbox(folder, esm);
    [app, url] = await startApp(folder, {
      DINGTALK_APP_KEY: 'sandbox-app-key',
      DINGTALK_APP_SECRET: 'sandbox-app-secret',
      DINGTALK_BASE_URL: sandboxUrl,
      TEAM_TOKEN,
      ...(fixture.redis ? { REDIS_URL, REDIS_KEY_PREFIX: keyPrefix } : {}),
    });
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await sandbox?.stop();
  });

  const deliveries = async (): Promise<Array<{ api: string; unionId: string }>> =>
    (
      (await request(sandboxUrl).get('/__sandbox/deliveries').expect(200)).body as {
        deliveries: Array<{ api: string; unionId: string }>;
      }
    ).deliveries;

  it("installs without a peer-dependency complaint, on the app's one @nestjs/common and core", () => {
    expect(npmOutput).not.toMatch(/ERESOLVE|peer dep|conflict|--force|--legacy-peer-deps/i);
    expect(existsSync(join(folder, 'node_modules', CONV_FILE, 'node_modules', '@nestjs'))).toBe(
      false,
    );
  });

  it(`loads the library's ${esm ? 'ES-module' : 'CommonJS'} build`, async () => {
    const resolveEntry = esm
      ? ['--input-type=module', '-e', `console.log(import.meta.resolve('${CONV_FILE}/http'))`]
      : ['-p', `require.resolve('${CONV_FILE}/http')`];
    const { stdout } = await run(process.execPath, resolveEntry, { cwd: folder });

    expect(stdout.trim()).toMatch(esm ? /\/dist\/esm\/http\.js$/ : /\/dist\/cjs\/http\.js$/);
  });

  it('is configured by forRootAsync with ConfigService, and sends with ConvFileService.sendByApp', async () => {
    const response = await request(url)
      .post('/reports/share')
      .send({ unionId: 'union-alice' })
      .expect(201);

    expect(response.body.file).toMatchObject({ id: REPORT.dentryId, spaceId: REPORT.spaceId });
    expect((await deliveries()).at(-1)).toMatchObject({ api: 'SendByApp', unionId: 'union-alice' });
  });

  it("refuses bad input of its own DTO (IsDingTalkId) in DingTalk's shape", async () => {
    const response = await request(url)
      .post('/reports/share')
      .send({ unionId: ' ', extra: 1 })
      .expect(400);

    expect(response.body).toMatchObject({ code: 'paramError' });
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'unionId', rule: 'isNotBlank' }),
        expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' }),
      ]),
    );
  });

  it("refuses the library's routes without the header its own guard wants", async () => {
    const before = (await deliveries()).length;

    const response = await request(url)
      .post(`${SEND_BY_APP}?unionId=union-bob`)
      .send(REPORT)
      .expect(403);

    expect(response.body).toEqual({ code: 'forbidden', message: expect.any(String) });
    expect(await deliveries()).toHaveLength(before);
  });

  it("serves the library's routes with that header", async () => {
    const response = await request(url)
      .post(`${SEND_BY_APP}?unionId=union-bob`)
      .set('x-team-token', TEAM_TOKEN)
      .send(REPORT)
      .expect(200);

    expect(response.body.file).toMatchObject({ id: REPORT.dentryId });
    expect((await deliveries()).at(-1)).toMatchObject({ api: 'SendByApp', unionId: 'union-bob' });
  });

  it("answers DingTalk's error in DingTalk's body, with the status its code calls for", async () => {
    const response = await request(url)
      .post(`${SEND_BY_APP}?unionId=union-bob`)
      .set('x-team-token', TEAM_TOKEN)
      .send({ spaceId: REPORT.spaceId, dentryId: 'dentry-missing' })
      .expect(404);

    expect(response.body).toEqual({
      code: 'dentryNotExist',
      message: expect.any(String),
      requestid: expect.any(String),
    });
  });

  if (fixture.redis) {
    it('keeps the access token in Redis, through @redis/client loaded on demand', async () => {
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      try {
        expect(await redis.exists(`${keyPrefix}access-token:sandbox-app-key`)).toBe(1);
      } finally {
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(keys);
        await redis.quit();
      }
    });
  }
});
