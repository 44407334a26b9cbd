import type { Abstract, Provider, Type } from '@nestjs/common';

/**
 * Options of the module definition itself, given next to the module's options. They are
 * synchronous even in `forRootAsync`, because Nest needs them before any provider exists.
 */
export interface ConvFileModuleExtras {
  /**
   * Registers the module globally, so its exports can be injected in every module.
   * @default false
   */
  isGlobal?: boolean;
  /**
   * Serves DingTalk's four convFile routes from this app: `http: convFileRoutes({ decorators })`,
   * from `@nest-dingtalk/conv-file/http` (see {@link ConvFileHttpOptions}).
   * @default undefined (no routes)
   */
  http?: ConvFileRoutes;
  /**
   * Receives DingTalk's HTTP event push (suite tickets) for the third-party apps that have a
   * `callback`: `events: dingTalkEventRoutes()`, from `@nest-dingtalk/conv-file/http`.
   * @default undefined (no event route)
   */
  events?: ConvFileRoutes;
  /**
   * Durable bulk sends on BullMQ over the module's Redis: `batches: convFileBatches({ ... })`,
   * from `@nest-dingtalk/conv-file/batches` (needs the `redis` option and the package `bullmq`).
   * Makes `ConvFileBatchService` injectable and processes batches in this instance.
   * @default undefined (no batches; bullmq is not loaded)
   */
  batches?: ConvFileBatches;
}

/**
 * The batch feature, as `convFileBatches()` of `@nest-dingtalk/conv-file/batches` builds it. It
 * comes from that entry point, not from the module, because it needs the package `bullmq`.
 */
export interface ConvFileBatches {
  /** The providers of the feature, added to the module. */
  readonly providers: readonly Provider[];
  /** What the module exports of them: the batch service. */
  readonly exports: ReadonlyArray<Type<unknown> | Abstract<unknown>>;
}

/** What `dingTalkEventRoutes()` takes. */
export interface DingTalkEventRoutesOptions {
  /**
   * The route's path; DingTalk pushes to `POST /<path>/<app name>`.
   * @default 'dingtalk/events'
   */
  path?: string;
}

/**
 * DingTalk's four convFile routes, as `convFileRoutes()` of `@nest-dingtalk/conv-file/http`
 * builds them. They come from that entry point, not from the module, because they are the only
 * part of the library that needs `@nestjs/swagger`: an app without the routes does without it.
 */
export interface ConvFileRoutes {
  /** The controller serving the routes, with the app's decorators applied. */
  readonly controller: Type<unknown>;
}

/**
 * What `convFileRoutes()` takes: it serves DingTalk's four convFile routes
 * (`POST /v1.0/convFile/...`, DingTalk's own contract) from the importing app, so any DingTalk
 * client, the official SDK included, can use the app as its endpoint while the app secret stays
 * on the server. The routes have no protection of their own: guard them. To mount them under a
 * path, use Nest's `RouterModule.register([{ path: 'dingtalk', module: ConvFileModule }])`.
 */
export interface ConvFileHttpOptions {
  /**
   * Nest decorators applied to the routes' controller, in the order given: guards with
   * `UseGuards(ApiKeyGuard)` (classes are resolved through DI in the module's scope, so they may
   * inject global providers and providers exported by `forRootAsync({ imports })`), OpenAPI
   * security with `ApiSecurity('api-key')`, interceptors, anything else.
   * @default [] (only the app's global guards protect the routes)
   */
  decorators?: ClassDecorator[];
  /**
   * The app (and, for a third-party app, the customer organization) a request is made as, read
   * after the guards ran: typically what an API-key guard put on the request, so that a caller's
   * key decides the app and nothing in the request body can. Undefined uses the default app.
   * @default undefined (every request as the default app)
   */
  appFor?: (request: never) => { app: string; corpId?: string } | undefined;
}
