import { HTTP_PLATFORMS } from './http-platform.registry';

jest.mock('@nestjs/platform-fastify', () => {
  throw new Error('@nestjs/platform-fastify was loaded');
});

describe('HTTP_PLATFORMS', () => {
  it('loads only the chosen platform: Express runs without Fastify’s packages loaded', async () => {
    const platform = await HTTP_PLATFORMS.express({
      trustProxy: false,
      maxBodyBytes: 16 * 1024,
      batchesPath: '/v1.0/convFile/batches',
      maxBatchBodyBytes: 1024 * 1024,
    });

    expect(platform.constructor.name).toBe('ExpressPlatform');
    await expect(
      HTTP_PLATFORMS.fastify({
        trustProxy: false,
        maxBodyBytes: 16 * 1024,
        batchesPath: '/v1.0/convFile/batches',
        maxBatchBodyBytes: 1024 * 1024,
      }),
    ).rejects.toThrow('@nestjs/platform-fastify was loaded');
  });
});
