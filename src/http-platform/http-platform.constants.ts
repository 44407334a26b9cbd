/** HTTP_ADAPTER's values: the HTTP platforms the sample app runs on; the first is the default. */
export const HTTP_ADAPTERS = ['express', 'fastify'] as const;
export type HttpAdapterName = (typeof HTTP_ADAPTERS)[number];
