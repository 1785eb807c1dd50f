// Baseline ceiling for B3: a bare node:http / node:https server (TLS with client-certificate verification, like
// skiff) that does what an API server must do at minimum for a create — read the JSON body, parse it, stamp
// metadata, serialize it and answer 201 — and nothing else (no auth, no validation, no storage).
// Run as a child process: `node echo-server.js [--tls-dir DIR]`; prints `LISTENING <port>` on stdout.
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let rv = 1;

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      return;
    }
    const obj = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const ns = /\/namespaces\/([^/]+)\//.exec(req.url ?? '')?.[1];
    obj.metadata = { ...obj.metadata, namespace: ns, uid: randomUUID(), resourceVersion: String(rv++), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    const body = JSON.stringify(obj);
    res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
}

const i = process.argv.indexOf('--tls-dir');
const server = i > 0
  ? https.createServer({
    key: readFileSync(join(process.argv[i + 1]!, 'serving-kube-apiserver.key')),
    cert: readFileSync(join(process.argv[i + 1]!, 'serving-kube-apiserver.crt')),
    ca: readFileSync(join(process.argv[i + 1]!, 'server-ca.crt')),
    requestCert: true, rejectUnauthorized: true,
  }, handle)
  : http.createServer(handle);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
