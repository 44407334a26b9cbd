/**
 * The part of `@nestjs/axios`'s `HttpService` the module uses: its axios instance. Structural, so
 * the library needs neither `@nestjs/axios` nor `axios` unless an app hands its client over.
 */
export interface DingTalkHttpServiceLike {
  readonly axiosRef: {
    request(config: object): Promise<{ status: number; data: unknown; headers: unknown }>;
    readonly defaults: { readonly transport?: unknown };
  };
}
