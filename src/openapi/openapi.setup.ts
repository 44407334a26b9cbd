import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER } from '../auth/api-key.service';

/** Name of the `x-api-key` security scheme in the OpenAPI document. */
export const API_KEY_SECURITY = 'api-key';

/** The docs page's title, in the browser tab and above the routes. */
export const DOCS_TITLE = 'DingTalk convFile service';

/**
 * Serves Swagger UI at `/docs` and the OpenAPI document at `/docs-json` (DOCS_ENABLED: on by
 * default outside production, where the docs would show anyone the API's surface).
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle(DOCS_TITLE)
    .setDescription(
      [
        "Sends files stored in DingTalk to people and group chats: DingTalk's convFile v1.0 APIs behind an API key (`x-api-key`), with the same paths, query, bodies, answers and error shape as DingTalk, so DingTalk clients can use this service as their endpoint.",
        "The service holds the DingTalk app credentials, caches the access token and paces calls to DingTalk's limits; a send whose outcome is unknown (504) is never retried for you.",
        'Errors are `{ code, message, requestid }`: branch on `code`. 429 and 503 say in `Retry-After` when to try again.',
      ].join('\n\n'),
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
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: `${DOCS_TITLE} – API docs`,
  });
}
