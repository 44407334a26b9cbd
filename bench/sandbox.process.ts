/**
 * The bench's upstream in a process of its own, so that a client's CPU cost is measured on its
 * own and not mixed with the sandbox's: started by `bench.ts` with the world in `BENCH_WORLD`
 * (JSON); prints its URL on one line, and exits when its parent closes stdin.
 */
import { createDingTalkSandbox } from '@nest-dingtalk/sandbox';

async function main(): Promise<void> {
  const sandbox = await createDingTalkSandbox({
    world: JSON.parse(process.env.BENCH_WORLD ?? '{}'),
    rateLimit: false,
  });
  process.stdout.write(`${sandbox.url}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => void sandbox.close().then(() => process.exit(0)));
}

void main();
