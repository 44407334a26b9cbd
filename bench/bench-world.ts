import type { SandboxWorldInit } from '@nest-dingtalk/sandbox';

export const BENCH_APP = { appKey: 'bench-app-key', appSecret: 'bench-app-secret' };
export const BENCH_SPACE = 'bench-space';
export const BENCH_FILE = 'bench-file';
export const recipient = (i: number) => `bench-user-${i}`;

/** One app, `users` distinct recipients allowed to read one space holding one file. */
export function benchWorld(users: number, app = BENCH_APP): SandboxWorldInit {
  const corpId = 'bench-corp';
  const unionIds = Array.from({ length: users }, (_, i) => recipient(i));
  return {
    apps: [{ ...app, corpId, scopes: ['ConvFile.File.Send', 'ConvFile.Space.Read'] }],
    users: unionIds.map((unionId) => ({ unionId, corpId })),
    spaces: [
      {
        spaceId: BENCH_SPACE,
        corpId,
        createTime: '2026-01-01T00:00:00Z',
        readers: unionIds,
        dentries: [
          {
            id: BENCH_FILE,
            type: 'FILE',
            name: 'bench.pdf',
            size: 1024,
            creatorId: recipient(0),
            createTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    ],
  };
}
