import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../src/sandbox/index.ts';

/**
 * One HubSpot API address for several sandbox accounts, as HubSpot has: each request goes to
 * the account its bearer token belongs to (`<portalId>-access`), like the per-account tokens
 * of OAuth mode. An unknown token gets HubSpot's 401.
 */
export interface AccountRouter {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startAccountRouter(
  accounts: Record<number, Sandbox>,
): Promise<AccountRouter> {
  const server: Server = createServer((req, res) => {
    const token = /^Bearer (\d+)-access$/.exec(req.headers.authorization ?? '')?.[1];
    const target = token === undefined ? undefined : accounts[Number(token)];
    if (!target) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', category: 'INVALID_AUTHENTICATION' }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') {
          headers.set(name, value);
        }
      }
      fetch(`${target.baseUrl}${req.url}`, {
        method: req.method!,
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      })
        .then(async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          const out: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (!['content-length', 'transfer-encoding', 'content-encoding'].includes(name)) {
              out[name] = value;
            }
          });
          res.writeHead(answer.status, out);
          res.end(body);
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
