// Our clients against our servers, in process: SPDY and WebSocket exec, bridging, port-forward.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import WebSocket from 'ws';
import {
  acceptPortForward, acceptRemoteCommand, bridgeRemoteCommand, dialPortForward, dialRemoteCommand, streamOptionsFromQuery,
  type RemoteCommandStreams, type TerminalSize,
} from './index.js';
import { decodeChannelFrame } from './frames.js';

/** A fake "container": echoes stdin uppercased to stdout until EOF, then exits with the code from ?code=. */
async function fakeProcess(streams: RemoteCommandStreams, code: number, sizes: TerminalSize[]): Promise<void> {
  if (streams.tty) {
    // A tty session here waits for the first terminal size, as a shell would size itself.
    const first = await streams.resize.next();
    if (!first.done) sizes.push(first.value);
  }
  const input: Buffer[] = [];
  if (streams.stdin) for await (const c of streams.stdin) input.push(c as Buffer);
  streams.stdout?.write(Buffer.concat(input).toString().toUpperCase());
  streams.stderr?.write('done\n');
  await streams.finish({ exitCode: code });
}

function collect(r: Readable | null): Promise<string> {
  if (!r) return Promise.resolve('');
  return new Promise((resolve) => { let s = ''; r.on('data', (c: Buffer) => { s += c.toString(); }); r.on('end', () => resolve(s)); });
}

describe('loopback', () => {
  let server: http.Server;
  let base: string;
  let echo: net.Server;
  const sizes: TerminalSize[] = [];
  const bridged: string[] = [];

  before(async () => {
    echo = net.createServer((c) => c.pipe(c));
    server = http.createServer((_req, res) => { res.statusCode = 404; res.end(); });
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url!, 'http://x');
      const work = (async () => {
        if (url.pathname === '/portforward') {
          for await (const s of await acceptPortForward(req, socket, head)) {
            const c = net.connect(s.port, '127.0.0.1');
            s.data.pipe(c);
            c.pipe(s.data);
          }
          return;
        }
        const streams = await acceptRemoteCommand(req, socket, head, streamOptionsFromQuery(url.searchParams));
        if (url.pathname === '/bridge') {
          // A second hop, as the API server forwarding to a node: always over SPDY so that EOF survives.
          const target = new URL(`${base}/exec${url.search}`);
          const client = await dialRemoteCommand(target, { transport: 'spdy', ...streamOptionsFromQuery(url.searchParams) });
          bridged.push(client.protocol);
          await bridgeRemoteCommand(streams, client);
        } else {
          await fakeProcess(streams, Number(url.searchParams.get('code') ?? 0), sizes);
        }
      })();
      work.catch(() => socket.destroy());
    });
    await Promise.all([new Promise<void>((r) => server.listen(0, '127.0.0.1', r)), new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))]);
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(() => { server.closeAllConnections(); server.close(); echo.close(); });

  for (const transport of ['spdy', 'websocket'] as const) {
    it(`dialRemoteCommand(${transport}) delivers stdin EOF and reads output and exit code`, async () => {
      const c = await dialRemoteCommand(`${base}/exec?stdin=true&stdout=true&stderr=true&code=3`, { transport, stdin: true, stdout: true, stderr: true, tty: false });
      assert.equal(c.protocol, 'v5.channel.k8s.io');
      const out = collect(c.stdout);
      const err = collect(c.stderr);
      c.stdin!.end('hello');
      const result = await c.result;
      assert.equal((result as { exitCode: number }).exitCode, 3);
      assert.equal(await out, 'HELLO');
      assert.equal(await err, 'done\n');
    });
  }

  it('dialRemoteCommand(spdy) with v4 and tty sends resizes and gets Success', async () => {
    sizes.length = 0;
    const c = await dialRemoteCommand(`${base}/exec?stdin=true&stdout=true&tty=true`, { transport: 'spdy', stdin: true, stdout: true, stderr: true, tty: true, protocols: ['v4.channel.k8s.io'] });
    assert.equal(c.protocol, 'v4.channel.k8s.io');
    assert.equal(c.stderr, null);
    const out = collect(c.stdout);
    c.resize({ width: 120, height: 40 });
    c.stdin!.end('x');
    assert.deepEqual(await c.result, { exitCode: 0, status: { metadata: {}, status: 'Success' } });
    assert.equal(await out, 'X');
    assert.deepEqual(sizes, [{ width: 120, height: 40 }]);
  });

  it('bridgeRemoteCommand forwards stdin EOF, output and the exit status across two hops', async () => {
    const c = await dialRemoteCommand(`${base}/bridge?stdin=true&stdout=true&stderr=true&code=5`, { transport: 'websocket', stdin: true, stdout: true, stderr: true, tty: false });
    const out = collect(c.stdout);
    c.stdin!.end('piped');
    assert.equal((await c.result as { exitCode: number }).exitCode, 5);
    assert.equal(await out, 'PIPED');
    assert.deepEqual(bridged, ['v5.channel.k8s.io']);
  });

  it('dialPortForward(spdy) opens two forwarded connections on one session', async () => {
    const port = (echo.address() as net.AddressInfo).port;
    const pf = await dialPortForward(`${base}/portforward`, { transport: 'spdy' });
    for (const msg of ['one', 'two']) {
      const { data, error } = await pf.open(port);
      const got = new Promise<string>((r) => data.once('data', (c: Buffer) => r(c.toString())));
      data.write(msg);
      assert.equal(await got, msg);
      data.end();
      assert.equal(await error, null);
    }
    pf.close();
  });

  it('legacy WebSocket port-forward sends the port prefix on both channels, then echoes channel 0', async () => {
    const port = (echo.address() as net.AddressInfo).port;
    const ws = new WebSocket(`${base.replace('http', 'ws')}/portforward?ports=${port}`, ['v4.channel.k8s.io']);
    const frames: { channel: number; data: Buffer }[] = [];
    const gotEcho = new Promise<void>((resolve) => ws.on('message', (m: Buffer) => {
      frames.push(decodeChannelFrame(m, false)!);
      if (frames.length === 3) resolve();
    }));
    await new Promise((r) => ws.once('open', r));
    ws.send(Buffer.from([0, ...Buffer.from('ping')]));
    await gotEcho;
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    assert.deepEqual(frames.slice(0, 2), [{ channel: 0, data: prefix }, { channel: 1, data: prefix }]);
    assert.deepEqual(frames[2], { channel: 0, data: Buffer.from('ping') });
    ws.close();
  });

  it('acceptRemoteCommand rejects unsupported SPDY protocols with 403 and a Status', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve) => {
      http.request(`${base}/exec?stdout=true`, { method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v9.channel.k8s.io' } }, resolve).end();
    });
    assert.equal(res.statusCode, 403);
    const body = JSON.parse(await collect(res)) as { kind: string; reason: string; message: string };
    assert.equal(body.kind, 'Status');
    assert.equal(body.reason, 'Forbidden');
    assert.match(body.message, /unable to negotiate protocol/);
  });
});
