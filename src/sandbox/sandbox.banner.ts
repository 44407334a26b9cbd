import { SANDBOX_API_KEY, SANDBOX_EXAMPLE } from './sandbox.constants';

/** A request against the default world that succeeds, as data and as a ready-to-paste curl line. */
export interface SandboxExampleRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  curl: string;
}

/**
 * The example request of the start-up banner. With the sandbox key it runs as printed; with keys
 * of one's own it reads the key from `$API_KEY`, so no key is ever printed.
 */
export function sandboxExampleRequest(
  serviceUrl: string,
  usingSandboxApiKey: boolean,
): SandboxExampleRequest {
  const { unionId, spaceId, dentryId } = SANDBOX_EXAMPLE;
  const url = `${serviceUrl}/v1.0/convFile/apps/conversations/files/send?unionId=${unionId}`;
  const apiKey = usingSandboxApiKey ? SANDBOX_API_KEY : '$API_KEY';
  const body = JSON.stringify({ spaceId, dentryId });
  const keyHeader = usingSandboxApiKey ? `'x-api-key: ${apiKey}'` : `"x-api-key: ${apiKey}"`;
  return {
    url,
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body,
    curl: `curl -sS -X POST '${url}' -H 'content-type: application/json' -H ${keyHeader} -d '${body}'`,
  };
}

/** The block printed at start-up in sandbox mode. */
export function sandboxBanner(
  serviceUrl: string,
  sandboxUrl: string,
  usingSandboxApiKey: boolean,
): string {
  const example = sandboxExampleRequest(serviceUrl, usingSandboxApiKey);
  const rule = '='.repeat(72);
  return [
    rule,
    'SANDBOX MODE: DINGTALK_APP_KEY is not set, so DingTalk calls go to an',
    'in-process DingTalk sandbox (default world), not to DingTalk.',
    `  Service:  ${serviceUrl}   (API docs: ${serviceUrl}/docs)`,
    `  Sandbox:  ${sandboxUrl}   (what it received: ${sandboxUrl}/__sandbox/deliveries)`,
    usingSandboxApiKey
      ? `  API key:  ${SANDBOX_API_KEY}   (header x-api-key; set API_KEYS to choose your own)`
      : '  API key:  one of API_KEYS (header x-api-key); first run: export API_KEY=<that key>',
    'Try it (the app sends Alice the Q1 report):',
    `  ${example.curl}`,
    'For real DingTalk set DINGTALK_APP_KEY, DINGTALK_APP_SECRET and API_KEYS.',
    rule,
    '',
  ].join('\n');
}
