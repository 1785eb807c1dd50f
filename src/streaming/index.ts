// Public API of the streaming protocols (exec/attach/port-forward), shared by the API server and the node agent.
export type { ExecResult, PortForwardStream, RemoteCommandClient, RemoteCommandStreams, StreamOptions, TerminalSize, TlsOptions } from './types.js';
export { AsyncQueue } from './queue.js';
export { isUpgradeRequest, rejectUpgrade } from './upgrade.js';
export { acceptRemoteCommand, streamOptionsFromQuery, type AcceptRemoteCommandOptions } from './exec-server.js';
export { acceptPortForward, PortForwardSession } from './portforward-server.js';
export { dialRemoteCommand, type DialRemoteCommandOptions } from './exec-client.js';
export { dialPortForward, type DialPortForwardOptions, type PortForwardClient, type PortForwardConnection } from './portforward-client.js';
export { UpgradeFailure } from './dial.js';
export { bridgeRemoteCommand } from './bridge.js';
export { resultToStatus, encodeResult, decodeResult } from './status.js';
export * as protocols from './protocol.js';
