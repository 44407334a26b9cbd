import type { DingTalkSandbox, SandboxSuiteCallback } from '@nest-dingtalk/sandbox';

/**
 * Two internal apps (one per organization) and one third-party app installed in both
 * organizations, served by one module. The sandbox answers a token only for its own app and
 * organization, and records who made each delivery.
 */
export const CORPS = ['corp-east', 'corp-west'] as const;
export const SUITE = { suiteKey: 'market-suite', suiteSecret: 'market-suite-secret' };
export const SCOPES = ['ConvFile.File.Send', 'ConvFile.Space.Read'];
export const user = (corp: string) => `union-${corp}`;
export const space = (corp: string) => `space-${corp}`;
export const file = (corp: string) => `file-${corp}`;

/** `callback`: the suite's event push settings, for tests where the sandbox pushes tickets. */
export function addWorld(
  sandbox: DingTalkSandbox,
  ticket: string,
  callback?: SandboxSuiteCallback,
): void {
  for (const corp of CORPS) {
    sandbox.world
      .addApp({ appKey: `app-${corp}`, appSecret: `secret-${corp}`, corpId: corp, scopes: SCOPES })
      .addUser({ unionId: user(corp), corpId: corp })
      .addSpace({
        spaceId: space(corp),
        corpId: corp,
        createTime: '2026-01-01T00:00:00Z',
        readers: [user(corp)],
        dentries: [
          {
            id: file(corp),
            type: 'FILE',
            name: `${corp}.pdf`,
            size: 1,
            creatorId: user(corp),
            createTime: '2026-01-01T00:00:00Z',
          },
        ],
      });
  }
  sandbox.world.addSuite({
    ...SUITE,
    suiteTicket: ticket,
    authorizedCorpIds: [...CORPS],
    scopes: SCOPES,
    ...(callback && { callback }),
  });
}

export const sendTo = (corp: string) => ({
  unionId: user(corp),
  spaceId: space(corp),
  dentryId: file(corp),
});
