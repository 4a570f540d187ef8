import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { UserError } from '../user-error.js';
import { createWebApp, type WebAppDeps } from './web-app.js';
import { publicBase } from './web-config.js';

/** A listening web view: its address and how to stop it. */
export interface WebServer {
  port: number;
  /** Where people open it (the public URL when configured), ending in '/'. */
  url: string;
  close(): Promise<void>;
}

/** Starts the web view on the configured host and port; rejects with a clear message when the port is taken. */
export function startWebServer(deps: WebAppDeps): Promise<WebServer> {
  const app = createWebApp(deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: deps.web.port, hostname: deps.web.host }) as Server;
    // keep-alive sockets must not hold a shutdown: close them once idle
    server.keepAliveTimeout = 5_000;
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new UserError(
              `the web view cannot listen on ${deps.web.host}:${deps.web.port} (${err.code}): choose another PLAN_BOT_WEB_PORT or stop what uses it`,
            )
          : err,
      );
    });
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port;
      const url = publicBase(deps.web, port);
      deps.log.info(
        { port, host: deps.web.host, url },
        `web: listening on ${deps.web.host}:${port}, open ${url}`,
      );
      resolve({
        port,
        url,
        // stop accepting, end idle keep-alive connections now and any request still running after a second
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setImmediate(() => server.closeIdleConnections());
            setTimeout(() => server.closeAllConnections(), 1000).unref();
          }),
      });
    });
  });
}
