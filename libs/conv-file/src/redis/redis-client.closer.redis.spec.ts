import { createClient, type RedisClientType } from '@redis/client';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SHARED_REDIS_URL as REDIS_URL } from '../../testing/shared-redis.test-helper';
import { withTimeout } from '../utils/with-timeout.util';
import { endRedisClient } from './redis-client.closer';

/**
 * A process that ends a client right after asking it to connect, with `endRedisClient`; it prints
 * `connected` if node-redis connects anyway. Resolves with whether the process ended by itself.
 */
async function endWhileConnecting(): Promise<{ exited: boolean; output: string }> {
  const script = `
    const { createClient } = require('@redis/client');
    const { endRedisClient } = require(${JSON.stringify(require.resolve('./redis-client.closer'))});
    const client = createClient({ url: process.env.REDIS_URL });
    client.on('error', () => undefined);
    client.on('connect', () => console.log('connected'));
    client.connect().catch(() => undefined);
    endRedisClient(client);
  `;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    env: { ...process.env, REDIS_URL },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = await withTimeout(once(child, 'exit'), 10_000).then(
    () => true,
    () => false,
  );
  if (!exited) child.kill('SIGKILL');
  return { exited, output };
}

describe('endRedisClient', () => {
  it('leaves no socket keeping the process alive when the client is ended while it connects', async () => {
    const { exited, output } = await endWhileConnecting();

    // node-redis connected anyway, after the end: the race this guards against happened.
    expect(output).toContain('connected');
    expect(exited).toBe(true);
  }, 20_000);

  it('ends a connected client', async () => {
    const client: RedisClientType = createClient({ url: REDIS_URL });
    await client.connect();

    endRedisClient(client);

    expect(client.isOpen).toBe(false);
    expect(client.isReady).toBe(false);
  });

  it('does nothing to a client that never opened', () => {
    const client: RedisClientType = createClient({ url: REDIS_URL });

    expect(() => endRedisClient(client)).not.toThrow();
  });
});
