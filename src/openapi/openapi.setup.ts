import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER } from '../auth/api-key.service';

/** Name of the `x-api-key` security scheme in the OpenAPI document. */
export const API_KEY_SECURITY = 'api-key';

/** Serves Swagger UI at `/docs` and the OpenAPI document at `/docs-json`. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('DingTalk convFile service')
    .setDescription(
      "DingTalk's convFile v1.0 APIs behind an API key: same paths, query, bodies, answers and error shape as DingTalk, so DingTalk clients can use this service as their endpoint. Errors are `{ code, message, requestid }`; branch on `code`.",
    )
    .setVersion('1.0')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: API_KEY_HEADER,
        description: 'One of the keys in API_KEYS (sandbox mode without API_KEYS: sandbox-key).',
      },
      API_KEY_SECURITY,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
