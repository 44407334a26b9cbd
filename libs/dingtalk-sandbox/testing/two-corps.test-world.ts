import type { SandboxWorldInit } from '../src/world.model';

/** A callback aesKey for specs: 43 characters of the base64 alphabet. */
export const TEST_AES_KEY = 'kS2xLf0q8RmV3nYb7TzW1pHcJ5uG9dE4oA6iN0sQwXy';

/**
 * A world of two corps, each with its own internal app, users, group and space, a suite
 * (`suite-x`) authorized by both, and a second suite (`suite-y`, read scope only) by corp A only.
 * Credentials follow one pattern: `<key>-secret`, tickets `<key>-ticket`.
 */
export function twoCorpWorld(): SandboxWorldInit {
  const both = ['ConvFile.File.Send', 'ConvFile.Space.Read'];
  const T = '2025-01-01T00:00:00Z';
  const corp = (letter: 'a' | 'b', people: [string, string]) => ({
    space: {
      spaceId: `space-${letter}`,
      corpId: `corp-${letter}`,
      createTime: T,
      dentries: [
        {
          id: `file-${letter}`,
          type: 'FILE' as const,
          name: `${letter}.pdf`,
          size: 1,
          creatorId: people[0],
          createTime: T,
        },
      ],
    },
    conversation: {
      openConversationId: `cid-${letter}`,
      corpId: `corp-${letter}`,
      members: people,
      spaceId: `space-${letter}`,
    },
    users: people.map((unionId) => ({ unionId, corpId: `corp-${letter}` })),
  });
  const a = corp('a', ['union-ann', 'union-art']);
  const b = corp('b', ['union-ben', 'union-bea']);
  return {
    apps: [
      { appKey: 'app-a', appSecret: 'app-a-secret', corpId: 'corp-a', scopes: both },
      { appKey: 'app-b', appSecret: 'app-b-secret', corpId: 'corp-b', scopes: both },
    ],
    suites: [
      {
        suiteKey: 'suite-x',
        suiteSecret: 'suite-x-secret',
        suiteTicket: 'suite-x-ticket',
        authorizedCorpIds: ['corp-a', 'corp-b'],
        scopes: both,
        callback: { token: 'suite-x-callback-token', aesKey: TEST_AES_KEY },
      },
      {
        suiteKey: 'suite-y',
        suiteSecret: 'suite-y-secret',
        suiteTicket: 'suite-y-ticket',
        authorizedCorpIds: ['corp-a'],
        scopes: ['ConvFile.Space.Read'],
      },
    ],
    users: [...a.users, ...b.users],
    spaces: [a.space, b.space],
    conversations: [a.conversation, b.conversation],
  };
}
