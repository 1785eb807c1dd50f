// exec and attach: the client's upgrade (WebSocket v5/v4…, SPDY/3.1) is accepted here, the runtime's streaming URL is
// dialled over SPDY (the only transport that carries stdin EOF to containerd), and the two sessions are bridged.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest } from '../../machinery/errors.js';
import type { Logger } from '../../machinery/log.js';
import { acceptRemoteCommand, bridgeRemoteCommand, dialRemoteCommand, rejectUpgrade, streamOptionsFromQuery } from '../../streaming/index.js';
import type { Runtime } from '../runtime/runtime.js';
import { containerNotFound, errorText, podDoesNotExist, runtimeUpgradeError } from './errors.js';
import type { ResolvePod } from './types.js';

export interface RemoteCommandRequest {
  kind: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  query: URLSearchParams;
}

export async function serveRemoteCommand(
  r: RemoteCommandRequest, req: IncomingMessage, socket: Duplex, head: Buffer,
  deps: { runtime: Runtime; resolve: ResolvePod; logger: Logger },
): Promise<void> {
  const streamOpts = streamOptionsFromQuery(r.query);
  const command = r.query.getAll('command');
  if (r.kind === 'exec' && command.length === 0) return rejectUpgrade(socket, badRequest('you must specify at least 1 command'));
  if (!streamOpts.stdin && !streamOpts.stdout && !streamOpts.stderr) {
    return rejectUpgrade(socket, badRequest('you must specify at least 1 of stdin, stdout, stderr'));
  }
  const target = await deps.resolve(r.namespace, r.pod, r.container);
  if (!target) return rejectUpgrade(socket, podDoesNotExist());
  const containerId = target.containerId;
  if (!containerId || !(await isRunning(deps.runtime, containerId))) return rejectUpgrade(socket, containerNotFound(r.container));

  const backend = { containerId, tty: streamOpts.tty, stdin: streamOpts.stdin, stdout: streamOpts.stdout, stderr: streamOpts.stderr && !streamOpts.tty };
  let url: string;
  try {
    url = (r.kind === 'exec' ? await deps.runtime.exec({ ...backend, cmd: command }) : await deps.runtime.attach(backend)).url;
  } catch (err) {
    return rejectUpgrade(socket, runtimeUpgradeError(err));
  }
  const streams = await acceptRemoteCommand(req, socket, head, streamOpts);
  let client;
  try {
    client = await dialRemoteCommand(url, { transport: 'spdy', ...streamOpts });
  } catch (err) {
    deps.logger.error('dial runtime streaming server failed', { pod: `${r.namespace}/${r.pod}`, container: r.container, err: errorText(err) });
    await streams.finish({ error: errorText(err) });
    return;
  }
  await bridgeRemoteCommand(streams, client);
}

async function isRunning(runtime: Runtime, containerId: string): Promise<boolean> {
  try {
    return (await runtime.containerStatus(containerId)).status.state === 'CONTAINER_RUNNING';
  } catch {
    return false;
  }
}
