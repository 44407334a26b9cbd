import { OptionProblems } from '../messages/option-problem.messages';

const BULLMQ_PACKAGE = 'bullmq';

/**
 * `bullmq`, or an error saying which option needs it and how to install it. Loaded here, when
 * the `batches` option is given: it is an optional peer dependency, so an app without batches
 * neither installs nor loads it.
 */
export async function loadBullMq(): Promise<typeof import('bullmq')> {
  try {
    return await import('bullmq');
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const missing = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
    if (missing && String((error as Error).message).includes(BULLMQ_PACKAGE)) {
      throw new Error(OptionProblems.missingPackage('batches', BULLMQ_PACKAGE, '^6'), {
        cause: error,
      });
    }
    throw error;
  }
}
