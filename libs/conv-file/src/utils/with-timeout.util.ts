import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';

/** Settles like `operation`, or rejects after `ms` if it has not settled by then. */
export async function withTimeout<T>(operation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      operation,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(DingTalkErrorMessages.timedOut(ms))), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
