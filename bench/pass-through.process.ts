/**
 * Part 7's yardstick: the least a gateway can do, on the same HTTP platform as the app
 * (`BENCH_ADAPTER`): parse the JSON body and forward the SendByApp call to `BENCH_UPSTREAM` with
 * undici and a fixed token, answering what DingTalk answered. No guards, validation, logging or
 * limits.
 */
import express from 'express';
import fastify from 'fastify';
import { Agent, request } from 'undici';
import { serveBenchProtocol } from './bench-child.protocol';

const PATH = '/v1.0/convFile/apps/conversations/files/send';
const upstream = process.env.BENCH_UPSTREAM ?? '';
const token = { 'x-acs-dingtalk-access-token': process.env.BENCH_TOKEN ?? '' };
const dispatcher = new Agent();

/** Forwards one call: the path and query as received, the parsed body sent again as JSON. */
async function forward(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const answer = await request(`${upstream}${url}`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', ...token },
    body: JSON.stringify(body),
  });
  return { status: answer.statusCode, text: await answer.body.text() };
}

async function main(): Promise<void> {
  if (process.env.BENCH_ADAPTER === 'fastify') {
    const app = fastify();
    app.post(PATH, async (req, reply) => {
      const { status, text } = await forward(req.url, req.body);
      return reply.code(status).type('application/json').send(text);
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    serveBenchProtocol(url, () => app.close());
    return;
  }
  const app = express().use(express.json());
  app.post(PATH, (req, res, next) => {
    forward(req.originalUrl, req.body).then(
      ({ status, text }) => res.status(status).type('application/json').send(text),
      next,
    );
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    serveBenchProtocol(
      `http://127.0.0.1:${port}`,
      () => new Promise((done) => server.close(() => done())),
    );
  });
}

void main();
