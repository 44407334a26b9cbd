import { Queue, Worker } from 'bullmq';

type Loader = typeof import('./bullmq.loader');

/** loadBullMq in a module registry where requiring bullmq throws `error`. */
function loaderWhereBullMqThrows(error: unknown): Loader {
  let loader!: Loader;
  jest.isolateModules(() => {
    jest.doMock('bullmq', () => {
      throw error;
    });
    // isolateModules loads synchronously: require, not import().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loader = require('./bullmq.loader') as Loader;
  });
  return loader;
}

const notFound = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('loadBullMq', () => {
  afterEach(() => jest.dontMock('bullmq'));

  it('loads the installed bullmq', async () => {
    const { loadBullMq } = jest.requireActual<Loader>('./bullmq.loader');

    const bullmq = await loadBullMq();

    expect(bullmq.Queue).toBe(Queue);
    expect(bullmq.Worker).toBe(Worker);
  });

  it.each([['MODULE_NOT_FOUND'], ['ERR_MODULE_NOT_FOUND']])(
    'says which option needs bullmq and how to install it when it is not installed (%s), keeping the cause',
    async (code) => {
      const missing = notFound("Cannot find module 'bullmq'", code);

      const failure = loaderWhereBullMqThrows(missing).loadBullMq();

      await expect(failure).rejects.toHaveProperty(
        'message',
        'ConvFileModule option batches needs the package bullmq, which is not installed: npm install bullmq@^6',
      );
      await expect(failure).rejects.toHaveProperty('cause', missing);
    },
  );

  it('passes on, as it is, a missing package that is not bullmq (one of its own dependencies)', async () => {
    // (Jest adds to a MODULE_NOT_FOUND error's message the files it found, which here name bullmq.)
    const missing = notFound("Cannot find module 'msgpackr'", 'ERR_MODULE_NOT_FOUND');

    await expect(loaderWhereBullMqThrows(missing).loadBullMq()).rejects.toBe(missing);
  });

  it('passes on, as it is, any other failure while bullmq loads, even one naming bullmq', async () => {
    const broken = notFound('bullmq: unexpected token', 'ERR_REQUIRE_ESM');

    await expect(loaderWhereBullMqThrows(broken).loadBullMq()).rejects.toBe(broken);
  });

  it('passes on a thrown value that is not an error', async () => {
    await expect(loaderWhereBullMqThrows('bullmq broke').loadBullMq()).rejects.toBe('bullmq broke');
  });
});
