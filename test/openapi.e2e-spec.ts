import { PATHS, startTestApp, type TestApp } from './support/sample-app.test-helper';

const ERROR_STATUSES = ['400', '401', '403', '404', '413', '429', '500', '502', '503', '504'];

describe('OpenAPI docs', () => {
  let t: TestApp;
  let document: any;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => t.close());

  it('declares the x-api-key scheme', () => {
    expect(document.components.securitySchemes['api-key']).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    );
  });

  it.each([
    ['SendLink', PATHS.SendLink, 'SendLinkBodyDto', 'ConvFileResponseDto'],
    ['SendByApp', PATHS.SendByApp, 'SendByAppBodyDto', 'ConvFileResponseDto'],
    ['Send', PATHS.Send, 'SendBodyDto', 'ConvFileResponseDto'],
    ['GetSpace', PATHS.GetSpace, 'GetSpaceBodyDto', 'ConvSpaceResponseDto'],
  ])('documents %s: query, body, answer, errors and the API key', (api, path, body, answer) => {
    const operation = document.paths[path].post;

    expect(operation.operationId).toBe(api);
    expect(operation.parameters).toEqual([
      expect.objectContaining({ name: 'unionId', in: 'query', required: true }),
    ]);
    expect(operation.requestBody.content['application/json'].schema.$ref).toBe(
      `#/components/schemas/${body}`,
    );
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
      `#/components/schemas/${answer}`,
    );
    for (const status of ERROR_STATUSES) {
      expect(operation.responses[status].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/DingTalkErrorBodyDto',
      );
    }
    expect(operation.security).toEqual([{ 'api-key': [] }]);
  });

  it('has a title and a description of its own', async () => {
    expect(document.info.title).toBe('DingTalk convFile service');
    expect(document.info.description).toContain('Retry-After');
    const page = await t.http.get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('<title>DingTalk convFile service – API docs</title>');
  });

  it('describes the bodies, the answers and the error shape', () => {
    const { schemas } = document.components;

    expect(schemas.SendLinkBodyDto.required).toEqual(
      expect.arrayContaining(['spaceId', 'dentryId', 'openConversationId']),
    );
    expect(schemas.SendLinkBodyDto.properties.spaceId).toMatchObject({
      type: 'string',
      maxLength: 128,
      example: 'space-project',
    });
    expect(schemas.ConvFileInfoDto.properties.size.type).toBe('number');
    expect(schemas.DingTalkErrorBodyDto.required).toEqual(['code', 'message']);
    expect(Object.keys(schemas.DingTalkErrorBodyDto.properties)).toEqual([
      'code',
      'message',
      'requestid',
      'accessdenieddetail',
      'details',
    ]);
  });

  it.each([
    ['post', '/v1.0/convFile/batches', 'CreateBatch', '202', 'BatchCreatedDto'],
    ['get', '/v1.0/convFile/batches/{batchId}', 'GetBatch', '200', 'BatchStatusDto'],
    ['get', '/v1.0/convFile/batches/{batchId}/items', 'ListBatchItems', '200', 'BatchItemPageDto'],
    ['delete', '/v1.0/convFile/batches/{batchId}', 'CancelBatch', '200', 'BatchStatusDto'],
  ])('documents the batch route %s %s, behind the API key', (method, path, id, status, answer) => {
    const operation = document.paths[path][method];

    expect(operation.operationId).toBe(id);
    expect(operation.security).toEqual([{ 'api-key': [] }]);
    expect(operation.responses[status].content['application/json'].schema.$ref).toBe(
      `#/components/schemas/${answer}`,
    );
    for (const error of ['400', '401', '404', '503']) {
      expect(operation.responses[error].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/DingTalkErrorBodyDto',
      );
    }
  });

  it('describes the batch body and its items', () => {
    const { schemas } = document.components;

    expect(schemas.CreateBatchBodyDto.properties.api.enum).toEqual([
      'SendByApp',
      'Send',
      'SendLink',
    ]);
    expect(schemas.CreateBatchBodyDto.properties.items).toMatchObject({ maxItems: 10_000 });
    expect(schemas.BatchCountsDto.required).toEqual([
      'queued',
      'running',
      'sent',
      'failed',
      'unknown',
      'cancelled',
    ]);
  });

  it('lists the health probes without the API key', () => {
    expect(document.paths['/health'].get.security).toBeUndefined();
    expect(document.paths['/health/ready'].get.security).toBeUndefined();
  });

  it('serves Swagger UI at /docs, without an API key', async () => {
    const response = await t.http.get('/docs').redirects(1).expect(200);

    expect(response.text).toContain('swagger-ui');
  });
});

describe('DOCS_ENABLED', () => {
  it.each([
    ['off in production by default', { NODE_ENV: 'production' }, 404],
    [
      'on in production with DOCS_ENABLED=true',
      { NODE_ENV: 'production', DOCS_ENABLED: 'true' },
      200,
    ],
    ['off in development with DOCS_ENABLED=false', { DOCS_ENABLED: 'false' }, 404],
  ])('%s', async (_, env, status) => {
    const t = await startTestApp(env);
    try {
      await t.http.get('/docs-json').expect(status);
      await t.http.get('/docs').redirects(1).expect(status);
    } finally {
      await t.close();
    }
  });
});
