import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { ChildApp } from './support/child-app.process';

jest.setTimeout(30_000);

/**
 * In sandbox mode the sandbox is listening before the app is built. A start-up that fails after
 * that must close it, or its open port keeps the process alive after the failure is reported:
 * these tests would then wait for an exit that never comes.
 */
describe('npm start in sandbox mode, failing to start', () => {
  let child: ChildApp | undefined;
  let occupied: Server | undefined;

  afterEach(async () => {
    child?.kill();
    child = undefined;
    if (occupied) {
      occupied.close();
      await once(occupied, 'close');
      occupied = undefined;
    }
  });

  it('while Nest builds the app (an option the library refuses): reports it and exits 1', async () => {
    // Passes the environment check (a redis:// URL) but not the library's (no such database).
    child = new ChildApp({ PORT: '0', REDIS_URL: 'redis://127.0.0.1:6379/not-a-database' });

    expect(await child.exited).toBe(1);
    expect(child.output).toContain('The application could not start');
    expect(child.output).toContain('redis.url');
    expect(child.output).not.toContain('SANDBOX MODE');
  });

  it('when its port is taken: reports it and exits 1', async () => {
    occupied = createServer();
    occupied.listen(0, '127.0.0.1');
    await once(occupied, 'listening');
    const { port } = occupied.address() as AddressInfo;
    child = new ChildApp({ PORT: String(port), HOST: '127.0.0.1' });

    expect(await child.exited).toBe(1);
    expect(child.output).toContain('EADDRINUSE');
    expect(child.output).not.toContain('SANDBOX MODE');
  });
});
