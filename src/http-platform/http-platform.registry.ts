import { ExpressPlatform } from './express.platform';
import { FastifyPlatform } from './fastify.platform';
import type { HttpAdapterName } from './http-platform.constants';
import type { HttpPlatform, HttpPlatformSettings } from './http-platform.interface';

/** The platform of each HTTP_ADAPTER value. */
export const HTTP_PLATFORMS: Readonly<
  Record<HttpAdapterName, (settings: HttpPlatformSettings) => HttpPlatform>
> = {
  express: (settings) => new ExpressPlatform(settings),
  fastify: (settings) => new FastifyPlatform(settings),
};
