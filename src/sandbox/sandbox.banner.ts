import { AppMessages } from '../app.messages';
import { SANDBOX_API_KEY, SANDBOX_EXAMPLE } from './sandbox.constants';

/** The block printed at start-up in sandbox mode. */
export function sandboxBanner(
  serviceUrl: string,
  sandboxUrl: string,
  usingSandboxApiKey: boolean,
  docs = true,
): string {
  return AppMessages.sandboxBanner({
    serviceUrl,
    sandboxUrl,
    sandboxApiKey: usingSandboxApiKey ? SANDBOX_API_KEY : undefined,
    docs,
    curl: exampleCurl(serviceUrl, usingSandboxApiKey),
  });
}

/**
 * The banner's example, a SendByApp the default world accepts, as a ready-to-paste curl line.
 * With the sandbox key it runs as printed; with keys of one's own it reads the key from
 * `$API_KEY`, so no key is ever printed.
 */
function exampleCurl(serviceUrl: string, usingSandboxApiKey: boolean): string {
  const { unionId, spaceId, dentryId } = SANDBOX_EXAMPLE;
  const url = `${serviceUrl}/v1.0/convFile/apps/conversations/files/send?unionId=${unionId}`;
  const body = JSON.stringify({ spaceId, dentryId });
  const keyHeader = usingSandboxApiKey
    ? `'x-api-key: ${SANDBOX_API_KEY}'`
    : `"x-api-key: $API_KEY"`;
  return `curl -sS -X POST '${url}' -H 'content-type: application/json' -H ${keyHeader} -d '${body}'`;
}
