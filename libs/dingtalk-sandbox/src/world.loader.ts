import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SandboxMessages } from './sandbox.messages';
import { SandboxWorld } from './world.store';
import type { SandboxWorldInit } from './world.model';
import { parseWorldInit, SandboxWorldError } from './world.validator';

/** Path of the world shipped with the package (`world/default-world.json`), from `src/` or `dist/`. */
export const DEFAULT_SANDBOX_WORLD_PATH = resolve(__dirname, '..', 'world', 'default-world.json');

/**
 * Reads and validates a world JSON file.
 * @param path the file to read. @default DEFAULT_SANDBOX_WORLD_PATH
 * @throws SandboxWorldError naming the file and the bad entry.
 */
export function loadSandboxWorld(path: string = DEFAULT_SANDBOX_WORLD_PATH): SandboxWorldInit {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SandboxWorldError(SandboxMessages.worldUnreadable(path, describe(error)));
  }
  try {
    const init = parseWorldInit(JSON.parse(text));
    // Building a world checks the references between entries, which parsing alone cannot.
    new SandboxWorld(init);
    return init;
  } catch (error) {
    throw new SandboxWorldError(SandboxMessages.worldInvalid(path, describe(error)));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
