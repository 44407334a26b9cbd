import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiSecurity, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ConvFileModule } from '../conv-file.module';
import { MAX_ID_LENGTH } from '../dto/dingtalk-id.rules';
import { convFileRoutes } from './conv-file.controller';

const ERROR_STATUSES = ['400', '401', '403', '404', '413', '429', '500', '502', '503', '504'];
const OPERATIONS = [
  ['SendLink', '/v1.0/convFile/conversations/files/links/send', 'SendLinkBodyDto'],
  ['SendByApp', '/v1.0/convFile/apps/conversations/files/send', 'SendByAppBodyDto'],
  ['Send', '/v1.0/convFile/conversations/files/send', 'SendBodyDto'],
  ['GetSpace', '/v1.0/convFile/conversations/spaces/query', 'GetSpaceBodyDto'],
] as const;

/** The OpenAPI document of an app that serves the routes, built as a host app's Swagger set-up builds it. */
async function documentOf(routes: ReturnType<typeof convFileRoutes>): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConvFileModule.forRoot({ accessTokenProvider: () => 'token', http: routes })],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  await app.init();
  try {
    return SwaggerModule.createDocument(app, {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
    });
  } finally {
    await app.close();
  }
}

describe("the convFile routes' OpenAPI description", () => {
  let document: OpenAPIObject;
  const operation = (path: string) => document.paths[path].post!;

  // Built for each test, not once: Stryker switches a mutant on as a test starts, after beforeAll.
  beforeEach(async () => {
    document = await documentOf(convFileRoutes({ decorators: [ApiSecurity('api-key')] }));
  });

  it.each(OPERATIONS)(
    'describes %s at %s: POST, unionId in the query, a JSON body',
    (api, path, body) => {
      const described = operation(path) as any;

      expect(Object.keys(document.paths[path])).toEqual(['post']);
      expect(described.operationId).toBe(api);
      expect(described.tags).toEqual(['convFile']);
      expect(described.summary).toEqual(expect.any(String));
      expect(described.description).toContain(
        "Uses the server's own DingTalk access token; an `x-acs-dingtalk-access-token` header sent by the caller is ignored.",
      );
      expect(described.parameters).toEqual([
        {
          name: 'unionId',
          in: 'query',
          required: true,
          description: expect.any(String),
          schema: { type: 'string', maxLength: MAX_ID_LENGTH, example: 'union-alice' },
        },
      ]);
      expect(described.requestBody.content['application/json'].schema.$ref).toBe(
        `#/components/schemas/${body}`,
      );
      expect(described.security).toEqual([{ 'api-key': [] }]);
    },
  );

  it('says who unionId is: the receiver for SendByApp, the operator for the others', () => {
    const unionId = (path: string) => (operation(path).parameters![0] as any).description;

    expect(unionId(OPERATIONS[1][1])).toBe('The unionId of the user who receives the file.');
    for (const [api, path] of OPERATIONS) {
      if (api !== 'SendByApp') expect(unionId(path)).toBe('The unionId of the operator.');
    }
  });

  it.each([
    [OPERATIONS[0][1], 'ConvFileResponseDto', 'The file whose link was sent.'],
    [OPERATIONS[1][1], 'ConvFileResponseDto', 'The file that was sent.'],
    [OPERATIONS[2][1], 'ConvFileResponseDto', 'The file that was sent.'],
    [OPERATIONS[3][1], 'ConvSpaceResponseDto', "The group chat's space."],
  ])('answers %s with 200 and a %s', (path, answer, description) => {
    const ok = operation(path).responses['200'] as any;

    expect(ok.description).toBe(description);
    expect(ok.content['application/json'].schema.$ref).toBe(`#/components/schemas/${answer}`);
    expect(operation(path).responses['201']).toBeUndefined();
  });

  it('gives each error status an example of its own, in the error shape, Retry-After on 429 and 503', () => {
    for (const [, path] of OPERATIONS) {
      const responses = operation(path).responses as any;
      const example = (status: string) => responses[status].content['application/json'].example;

      expect(
        Object.fromEntries(ERROR_STATUSES.map((status) => [status, example(status).code])),
      ).toEqual({
        '400': 'paramError.spaceId',
        '401': 'unauthorized',
        '403': 'permissionDenied',
        '404': 'dentryNotExist',
        '413': 'payloadTooLarge',
        '429': 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        '500': 'systemError',
        '502': 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        '503': 'upstreamBlocked',
        '504': 'upstreamTimeout',
      });
      for (const status of ERROR_STATUSES) {
        expect(responses[status].description).toEqual(expect.any(String));
        expect(responses[status].content['application/json'].schema.$ref).toBe(
          '#/components/schemas/DingTalkErrorBodyDto',
        );
        expect(example(status)).toEqual(
          expect.objectContaining({ message: expect.any(String), requestid: expect.any(String) }),
        );
        const retryAfter = responses[status].headers?.['Retry-After'];
        if (status === '429' || status === '503') {
          expect(retryAfter.schema).toEqual({ type: 'integer', minimum: 1, example: 1 });
        } else {
          expect(retryAfter).toBeUndefined();
        }
      }
    }
  });

  it('without decorators, the routes declare no security of their own', async () => {
    const plain = await documentOf(convFileRoutes());

    for (const [, path] of OPERATIONS) expect(plain.paths[path].post!.security).toBeUndefined();
  });
});
