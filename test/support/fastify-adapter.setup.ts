/**
 * Setup of the jest project `e2e-fastify`: the sample-app specs run again with the app on Fastify
 * (HTTP_ADAPTER=fastify), through startTestApp and ChildApp, which read this variable.
 */
process.env.TEST_HTTP_ADAPTER = 'fastify';
