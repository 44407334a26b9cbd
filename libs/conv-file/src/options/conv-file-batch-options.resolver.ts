import { OptionProblems as P } from '../messages/option-problem.messages';
import type { ConvFileBatchOptions } from './conv-file-batch-options.interface';

/** Every default of the batches, in one place; the input is merged over it. */
export const CONV_FILE_BATCH_DEFAULTS = {
  concurrency: 20,
  maxAttempts: 5,
  retryDelayMs: 1000,
  stalledAfterMs: 30_000,
  retentionMs: 7 * 24 * 3600_000,
  worker: true,
  shutdownWaitMs: 10_000,
} as const;

/** The batches' options after the checks, with defaults applied. */
export type ResolvedConvFileBatchOptions = {
  -readonly [
    K in keyof typeof CONV_FILE_BATCH_DEFAULTS
  ]: (typeof CONV_FILE_BATCH_DEFAULTS)[K] extends boolean ? boolean : number;
};

/** Upper bounds, as Node's timers take them (and a sane number of items in flight). */
const LIMITS: Record<Exclude<keyof ResolvedConvFileBatchOptions, 'worker'>, [number, number]> = {
  concurrency: [1, 1000],
  maxAttempts: [1, 100],
  retryDelayMs: [0, 2_147_483_647],
  stalledAfterMs: [1000, 2_147_483_647],
  retentionMs: [60_000, 365 * 24 * 3600_000],
  shutdownWaitMs: [0, 2_147_483_647],
};

/**
 * Checks the `batches` options (every problem at once, naming the option, as the module's own
 * options are checked) and applies the defaults. Batches need the module's `redis` option.
 */
export function resolveConvFileBatchOptions(
  options: ConvFileBatchOptions,
  hasRedis: boolean,
): ResolvedConvFileBatchOptions {
  const problems: string[] = [];
  if (!hasRedis) problems.push(P.batchesNeedRedis);
  const defined = Object.entries(options).filter(([, value]) => value !== undefined);
  const merged = {
    ...CONV_FILE_BATCH_DEFAULTS,
    ...Object.fromEntries(defined),
  } as ResolvedConvFileBatchOptions;
  for (const [option, [min, max]] of Object.entries(LIMITS)) {
    const value = merged[option as keyof typeof LIMITS];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`batches.${option} ${P.wholeNumber(min, max)}`);
    }
  }
  if (typeof merged.worker !== 'boolean') problems.push(`batches.worker ${P.boolean}`);
  if (problems.length > 0) throw new Error(P.invalidOptions(problems));
  return merged;
}
