import { SandboxWorldError } from '../src/world.validator';

/** Runs `attempt` once, expecting it to throw a SandboxWorldError whose message is exactly `message`. */
export function expectWorldError(attempt: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    attempt();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SandboxWorldError);
  expect((thrown as Error).message).toBe(message);
}
