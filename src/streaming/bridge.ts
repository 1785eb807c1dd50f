// Joins a server-side session (kubectl's) to a client-side one (the runtime's or another node's) in both directions.
import type { Readable, Writable } from 'node:stream';
import type { RemoteCommandClient, RemoteCommandStreams } from './types.js';

/** Resolves after the server side was finished with the client's result (or aborted when the client failed). */
export async function bridgeRemoteCommand(server: RemoteCommandStreams, client: RemoteCommandClient): Promise<void> {
  if (server.stdin && client.stdin) server.stdin.pipe(client.stdin);
  else client.stdin?.end();
  const outputs = [copy(client.stdout, server.stdout), copy(client.stderr, server.stderr)];
  void (async () => { for await (const size of server.resize) client.resize(size); })();
  void server.closed.then(() => client.close());
  let result;
  try {
    result = await client.result;
  } catch (err) {
    await Promise.all(outputs);
    await server.finish({ error: err instanceof Error ? err.message : String(err) });
    return;
  }
  await Promise.all(outputs);
  await server.finish(result);
}

/** Copies without ending the destination (finish() ends it); resolves when the source has ended. */
function copy(from: Readable | null, to: Writable | null): Promise<void> {
  if (!from) return Promise.resolve();
  if (!to) { from.resume(); return new Promise((r) => from.once('end', r)); }
  from.pipe(to, { end: false });
  return new Promise((resolve) => { from.once('end', resolve); from.once('close', resolve); });
}
