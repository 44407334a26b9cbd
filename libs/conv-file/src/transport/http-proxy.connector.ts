import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { buildConnector } from 'undici';
import type { HttpProxy } from '../options/http-proxy.resolver';

/**
 * An undici connector that reaches DingTalk through an HTTP proxy's `CONNECT` tunnel, then
 * speaks TLS to DingTalk itself (the proxy sees only the host and port). Everything until the
 * tunnel is up belongs to connecting: a refused or dead proxy, a refused tunnel or a timeout is
 * "certainly not sent". The proxy's credentials go in `Proxy-Authorization` and nowhere else.
 */
export function tunnelConnector(proxy: HttpProxy, timeoutMs: number): buildConnector.connector {
  return (options, callback) => {
    let done = false;
    const finish = (error: Error | null, socket?: Socket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        tcp.destroy();
        callback(error, null);
      } else {
        callback(null, socket!);
      }
    };
    const timer = setTimeout(
      () =>
        finish(
          Object.assign(new Error('proxy connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
        ),
      timeoutMs,
    );
    const target = `${options.hostname}:${options.port || (options.protocol === 'https:' ? 443 : 80)}`;
    const tcp = connectTcp({ host: proxy.url.hostname, port: Number(proxy.url.port || 80) });
    tcp.once('error', (error: Error) => finish(error));
    tcp.once('connect', () => {
      tcp.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${authorization(proxy.url)}\r\n`);
    });
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      tcp.off('data', onData);
      const status = Number(head.slice(9, 12));
      if (status !== 200) {
        finish(
          Object.assign(new Error(`proxy refused the tunnel (${status})`), {
            code: 'EPROXYTUNNEL',
          }),
        );
        return;
      }
      if (options.protocol !== 'https:') {
        finish(null, tcp);
        return;
      }
      const tls = connectTls({ socket: tcp, servername: options.servername ?? options.hostname });
      tls.once('error', (error: Error) => finish(error));
      tls.once('secureConnect', () => finish(null, tls));
    };
    tcp.on('data', onData);
  };
}

function authorization(url: URL): string {
  if (!url.username) return '';
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`;
}
