import type { HttpAdapterName } from './http-platform.constants';
import type { HttpPlatform, HttpPlatformSettings } from './http-platform.interface';

/**
 * The platform of each HTTP_ADAPTER value, loaded only when chosen: the other platform's packages
 * would cost memory for nothing (about 6 MiB of RSS for Fastify's).
 */
export const HTTP_PLATFORMS: Readonly<
  Record<HttpAdapterName, (settings: HttpPlatformSettings) => Promise<HttpPlatform>>
> = {
  express: async (settings) => new (await import('./express.platform')).ExpressPlatform(settings),
  fastify: async (settings) => new (await import('./fastify.platform')).FastifyPlatform(settings),
};
