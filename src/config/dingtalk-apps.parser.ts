import { readFileSync } from 'node:fs';
import type { ConvFileAppOptions } from '@nest-dingtalk/conv-file';
import { AppMessages } from '../app.messages';

/** DINGTALK_APPS_FILE, read: the library's `apps` and `defaultApp` options. */
export interface DingTalkAppsConfig {
  defaultApp?: string;
  apps: Record<string, ConvFileAppOptions>;
}

/** The app (and organization) an API key acts as. */
export interface ApiKeyApp {
  app: string;
  corpId?: string;
}

/**
 * Reads the JSON file of DINGTALK_APPS_FILE: `{ defaultApp?, apps: { <name>: { appKey, appSecret }
 * | { suiteKey, suiteSecret, callback?: { token, aesKey } } } }`. A secret may be
 * `{ "env": "NAME" }`, read from the environment, so the file itself can be committed. The apps'
 * fields are checked by the library at start-up; here only the file and its secrets. Problems
 * never repeat a value.
 */
export function readDingTalkAppsFile(
  path: string,
  env: Record<string, string | undefined>,
  report: (problem: string) => void,
): DingTalkAppsConfig | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    report(
      (error as NodeJS.ErrnoException).code === undefined
        ? AppMessages.appsFileNotJson
        : AppMessages.appsFileUnreadable((error as NodeJS.ErrnoException).code!),
    );
    return undefined;
  }
  const file = parsed as { defaultApp?: unknown; apps?: unknown } | null;
  if (!isObject(file) || !isObject(file.apps)) {
    report(AppMessages.appsFileShape);
    return undefined;
  }
  if (file.defaultApp !== undefined && typeof file.defaultApp !== 'string') {
    report(AppMessages.appsFileShape);
    return undefined;
  }
  const apps: Record<string, ConvFileAppOptions> = {};
  for (const [name, entry] of Object.entries(file.apps)) {
    if (!isObject(entry)) {
      report(AppMessages.appsFileShape);
      return undefined;
    }
    const resolved: Record<string, unknown> = { ...entry };
    // The fields that hold secrets: a string, or `{ "env": NAME }` to read it from there.
    for (const field of ['appSecret', 'suiteSecret']) {
      if (field in entry) resolved[field] = secret(entry[field], `apps.${name}.${field}`);
    }
    if (isObject(entry.callback)) {
      const callback = { ...entry.callback };
      callback.aesKey = secret(callback.aesKey, `apps.${name}.callback.aesKey`);
      resolved.callback = callback;
    }
    apps[name] = resolved as unknown as ConvFileAppOptions;
  }
  return { defaultApp: file.defaultApp, apps };

  function secret(value: unknown, where: string): unknown {
    if (!isObject(value)) return value;
    const name = value.env;
    if (typeof name !== 'string' || Object.keys(value).length !== 1) {
      report(AppMessages.appsFileSecretShape(where));
      return undefined;
    }
    const fromEnv = env[name];
    if (fromEnv === undefined || fromEnv.trim() === '') {
      report(AppMessages.appsFileSecretUnset(where, name));
      return undefined;
    }
    return fromEnv;
  }
}

/**
 * Parses API_KEY_APPS: `|`-separated `<api key>:<app>[:<corpId>]` entries. Returns the app by key
 * id, so the keys themselves are not kept twice. A key without an entry uses the default app.
 */
export function parseApiKeyApps(
  value: string,
  apiKeys: readonly string[],
  apps: DingTalkAppsConfig | undefined,
  report: (problem: string) => void,
): Record<string, ApiKeyApp> {
  const bound: Record<string, ApiKeyApp> = {};
  value.split('|').forEach((raw, index) => {
    const position = index + 1;
    const [key, app, corpId, ...rest] = raw.split(':').map((part) => part.trim());
    if (!key || !app || corpId === '' || rest.length > 0) {
      report(AppMessages.apiKeyAppsFormat(position));
      return;
    }
    const keyIndex = apiKeys.indexOf(key);
    if (keyIndex < 0) return report(AppMessages.apiKeyAppsUnknownKey(position));
    if (!apps || !Object.hasOwn(apps.apps, app)) {
      return report(AppMessages.apiKeyAppsUnknownApp(position));
    }
    const id = `key-${keyIndex + 1}`;
    if (bound[id]) return report(AppMessages.apiKeyAppsDuplicateKey(position));
    bound[id] = corpId === undefined ? { app } : { app, corpId };
  });
  return bound;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
