/**
 * The bench's upstream in a process of its own, so that a client's CPU cost is measured on its
 * own and not mixed with the sandbox's: started by `bench.ts` with the world in `BENCH_WORLD`
 * (JSON); speaks `bench-child.protocol.ts` (prints `url <url>`, exits when stdin closes).
 */
import { createDingTalkSandbox } from '@nest-dingtalk/sandbox';
import { serveBenchProtocol } from './bench-child.protocol';

async function main(): Promise<void> {
  const sandbox = await createDingTalkSandbox({
    world: JSON.parse(process.env.BENCH_WORLD ?? '{}'),
    rateLimit: false,
  });
  serveBenchProtocol(sandbox.url, () => sandbox.close());
}

void main();
