import { randomBytes } from 'node:crypto';
import { supervisorHandler } from './supervisor.js';
import { hostname } from 'node:os';
import { agentSettings, defaultNodeName, requireRoot } from './agent-settings.js';
import { clusterDNSAddress } from '../cli/agent-values.js';
import type { RunningAgent } from '../agent/agent.js';
// `skiff server`: resolve configuration (the only place that reads the environment), create the PKI and token,
// open the store, start the API server, bootstrap the cluster, write the kubeconfig and report progress.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import type { ServerFlags } from '../cli/server-flags.js';
import { ensureServerPKI, ensureToken, parseToken, writeKubeconfig, issueAgentClientCert, issueNodeCredentials } from '../pki/index.js';
import { Client, HttpsTransport } from '../client/index.js';
import { buildControllerManager, leaderIdentity } from '../controllers/manager.js';
import { startScheduler } from './scheduler.js';
import { stderrLogger } from '../machinery/log.js';
import { createAuthenticator, type UserInfo } from '../apiserver/auth/authn.js';
import { createServiceAccountTokenIssuer } from '../apiserver/auth/sa-token.js';
import { ApiServer } from '../apiserver/server.js';
import { bootstrapCluster } from '../apiserver/bootstrap.js';
import { createSqliteBackend } from '../store/sqlite/sqlite.js';
import { createMemoryBackend } from '../store/memory/memory.js';
import { startCompactor } from '../store/compactor.js';
import type { Backend } from '../store/backend.js';
import { parseCIDR } from '../machinery/cidr.js';
import { unauthorized } from '../machinery/errors.js';

export { UserError } from './errors.js';
import { UserError } from './errors.js';

/** `500ms`, `2s`, `1m`, `1h` (a bare number is seconds). */
export function parseDuration(s: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new UserError(`${flag} ${s}: expected a duration such as 500ms, 2s or 1m`);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000);
}

export function defaultDataDir(): string {
  if (process.getuid?.() === 0) return '/var/lib/skiff';
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'skiff');
}

function say(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export function openBackend(endpoint: string | undefined, serverDir: string): { backend: Backend; describe: string } {
  if (!endpoint || endpoint.startsWith('sqlite://')) {
    const path = endpoint ? endpoint.slice('sqlite://'.length) : join(serverDir, 'db', 'state.db');
    if (!path) throw new UserError('--datastore-endpoint sqlite:// needs a file path, e.g. sqlite:///var/lib/skiff/server/db/state.db');
    mkdirSync(resolve(path, '..'), { recursive: true });
    return { backend: createSqliteBackend({ path }), describe: `sqlite ${path}` };
  }
  if (endpoint === 'memory://') return { backend: createMemoryBackend(), describe: 'memory (nothing survives a restart)' };
  if (/^https?:\/\//.test(endpoint)) {
    throw new UserError(`--datastore-endpoint ${endpoint}: the etcd datastore is not available in this version; use sqlite:///path/state.db or leave the flag out`);
  }
  throw new UserError(`--datastore-endpoint ${endpoint}: unknown scheme; use sqlite:///path/state.db or memory://`);
}

export interface RunningServer {
  api: ApiServer;
  port: number;
  kubeconfig: string;
  token: string;
  stop(): Promise<void>;
}

export async function runServer(flags: ServerFlags): Promise<RunningServer> {
  const started = Date.now();
  const dataDir = resolve(flags.dataDir ?? defaultDataDir());
  if (!flags.disableAgent) {
    requireRoot('skiff server with its node agent');
    agentSettings(flags); // flag errors before anything starts
  }
  const serverDir = join(dataDir, 'server');
  mkdirSync(serverDir, { recursive: true, mode: 0o700 });
  const port = Number(flags.httpsListenPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--https-listen-port ${flags.httpsListenPort}: must be a port number between 0 and 65535`);
  if (isIP(flags.bindAddress) === 0) throw new UserError(`--bind-address ${flags.bindAddress}: must be an IP address`);
  try { parseCIDR(flags.serviceCidr); } catch (e) { throw new UserError(`--service-cidr: ${(e as Error).message}`); }
  try { parseCIDR(flags.clusterCidr); } catch (e) { throw new UserError(`--cluster-cidr: ${(e as Error).message}`); }
  const advertise = flags.advertiseAddress ?? (flags.bindAddress === '0.0.0.0' ? '127.0.0.1' : flags.bindAddress);
  const sanIPs = [advertise, ...flags.tlsSan.filter((s) => isIP(s))];
  if (flags.bindAddress !== '0.0.0.0') sanIPs.push(flags.bindAddress);
  const sanDNS = flags.tlsSan.filter((s) => !isIP(s));
  const svc = parseCIDR(flags.serviceCidr);
  const firstServiceIP = [24, 16, 8, 0].map((sh) => Math.floor((svc.base + 1) / 2 ** sh) % 256).join('.');
  sanIPs.push(firstServiceIP);

  say(`Starting skiff server (data in ${dataDir})`);
  const pki = await ensureServerPKI({ dir: serverDir, sans: { dns: sanDNS, ips: sanIPs } });
  if (pki.generated.length) say(`  certificates: generated ${pki.generated.join(', ')}`);
  let token: string;
  try {
    token = ensureToken(serverDir, flags.token);
  } catch (e) {
    throw new UserError(`--token: ${(e as Error).message}`);
  }
  const { backend, describe } = openBackend(flags.datastoreEndpoint, serverDir);
  try {
    await backend.start();
  } catch (e) {
    throw new UserError(`cannot open the datastore (${describe}): ${(e as Error).message}`);
  }
  say(`  datastore: ${describe}, revision ${backend.currentRevision()}`);
  const interval = Number(flags.datastoreCompactInterval);
  const retain = Number(flags.datastoreCompactRetain);
  if (!(interval > 0)) throw new UserError(`--datastore-compact-interval ${flags.datastoreCompactInterval}: must be a positive number of seconds`);
  if (!Number.isInteger(retain) || retain < 1) throw new UserError(`--datastore-compact-retain ${flags.datastoreCompactRetain}: must be a positive integer`);
  const compactor = startCompactor(backend, { intervalMs: interval * 1000, retainRevisions: retain });

  const issuer = createServiceAccountTokenIssuer({ keyPem: pki.serviceAccountKeyPem, issuer: `https://kubernetes.default.svc.${flags.clusterDomain}` });
  const joinSecret = parseToken(token).password;
  const nodeJoiner: UserInfo = { username: 'skiff:node-joiner', groups: ['system:bootstrappers', 'system:bootstrappers:skiff'] };
  // The in-process control loops reach the API server over a loopback unix socket with a token that lives only in
  // this process (kube-apiserver's loopback client does the same), so they pay no TLS cost.
  const loopbackToken = randomBytes(32).toString('base64url');
  const loopbackSocket = `\0skiff-apiserver-${process.pid}-${randomBytes(6).toString('hex')}`;
  const controlPlane: UserInfo = { username: 'system:kube-controller-manager', groups: ['system:masters'] };
  const nodeName = flags.nodeName ?? defaultNodeName();
  const nodeToken = randomBytes(32).toString('base64url');
  const nodeUser: UserInfo = { username: `system:node:${nodeName}`, groups: ['system:nodes'] };
  const authn = createAuthenticator({
    clientCA: pki.ca.certPem,
    tokens: new Map([[token, nodeJoiner], [joinSecret, nodeJoiner], [loopbackToken, controlPlane], [nodeToken, nodeUser]]),
    verifyServiceAccountToken: (t) => issuer.verify(t),
    anonymous: false,
  });
  const agentClientCert = await issueAgentClientCert(pki.ca);
  const api = new ApiServer({
    backend,
    agentClient: { ca: pki.ca.certPem, cert: agentClientCert.certPem, key: agentClientCert.keyPem },
    supervisor: supervisorHandler(pki.ca, flags.logLevel === 'error' ? undefined : say),
    tls: { key: pki.serving.keyPem, cert: pki.serving.certPem, ca: pki.ca.certPem },
    authenticate: (req) => {
      const u = authn(req);
      if (!u && (req.headers.authorization || (req.socket as import('node:tls').TLSSocket).getPeerCertificate?.()?.subject)) throw unauthorized();
      return u;
    },
    serviceCIDR: flags.serviceCidr,
    tokenIssuer: { sign: (sa, aud, exp, bound) => issuer.sign(sa, aud, exp, bound as never).token },
    advertiseAddress: `${advertise}:${port}`,
    logger: flags.logLevel === 'error' ? undefined : (msg, f) => say(`${msg} ${f ? JSON.stringify(f) : ''}`),
  });
  await api.init();
  let addr;
  try {
    addr = await api.listen(port, flags.bindAddress);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    await backend.close();
    compactor.stop();
    if (err.code === 'EADDRINUSE') throw new UserError(`cannot listen on ${flags.bindAddress}:${port}: the port is already in use; stop the other server or pass --https-listen-port`);
    if (err.code === 'EACCES') throw new UserError(`cannot listen on ${flags.bindAddress}:${port}: permission denied; use a port above 1023 or run as root`);
    throw err;
  }
  await bootstrapCluster(api, { advertiseAddress: advertise, port: addr.port });
  const server = `https://${advertise === '0.0.0.0' ? '127.0.0.1' : advertise}:${addr.port}`;
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const kc = { server, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem };
  writeKubeconfig(kubeconfig, kc);
  if (flags.writeKubeconfig) writeKubeconfig(resolve(flags.writeKubeconfig), kc);
  say(`  API server: ${server} (ready in ${Date.now() - started} ms)`);
  await api.listenLoopback(loopbackSocket);
  const loopback = (userAgent: string, maxSockets?: number) => new HttpsTransport({ server: 'http://loopback', socketPath: loopbackSocket, token: loopbackToken, userAgent, ...(maxSockets ? { maxSockets } : {}) });
  const cmClient = new Client(loopback('skiff-controller-manager'));
  const logger = stderrLogger({ level: flags.logLevel === 'debug' ? 'debug' : flags.logLevel === 'error' ? 'error' : 'info' });
  // Leader election gets its own connection pool (kube-controller-manager's LeaderElectionClient), so lease renewals
  // never queue behind the controllers' and scheduler's writes under load.
  const leClient = new Client(loopback('skiff-leader-election', 4));
  const controllers = buildControllerManager({ client: cmClient, leaderElectionClient: leClient, logger: logger.with({ component: 'controller-manager' }), nodeMonitorGracePeriodMs: parseDuration(flags.nodeMonitorGracePeriod, '--node-monitor-grace-period'), caPem: pki.ca.certPem, clusterCIDR: flags.clusterCidr, serviceCIDR: flags.serviceCidr });
  await controllers.start();
  const identity = leaderIdentity();
  const scheduler = startScheduler({ client: cmClient, leaderElectionClient: leClient, identity, logger: logger.with({ component: 'scheduler' }) });
  say(`  kubeconfig: ${flags.writeKubeconfig ? resolve(flags.writeKubeconfig) : kubeconfig}`);
  say(`  join token: ${join(serverDir, 'token')}`);
  let agent: RunningAgent | undefined;
  let agentClient: Client | undefined;
  const stop = async () => {
    await agent?.stop();
    agentClient?.close();
    await scheduler.stop();
    await controllers.stop();
    cmClient.close();
    leClient.close();
    await api.close();
    compactor.stop();
    await backend.close();
  };
  if (!flags.disableAgent) {
    // the embedded agent is this machine's node: credentials issued directly, API over the loopback socket
    const settings = agentSettings(flags);
    const creds = await issueNodeCredentials(pki.ca, nodeName, [settings.nodeIP, hostname()].filter((a): a is string => !!a));
    agentClient = new Client(new HttpsTransport({ server: 'http://loopback', socketPath: loopbackSocket, token: nodeToken, userAgent: `skiff-agent/${nodeName}` }));
    try {
      // loaded only when the agent runs (gRPC and the CRI proto are not needed by the control plane)
      const { startAgentFromFlags } = await import('./agent.js');
      agent = await startAgentFromFlags({
        flags, dataDir, nodeName, client: agentClient, logger, controlPlane: true,
        tls: { caPem: pki.ca.certPem, clientCert: creds.client.certPem, clientKey: creds.client.keyPem, servingCert: creds.serving.certPem, servingKey: creds.serving.keyPem },
        clusterDNS: clusterDNSAddress(flags.clusterDns, flags.serviceCidr), clusterDomain: flags.clusterDomain,
      });
    } catch (e) {
      await stop();
      throw e;
    }
  }
  say(`Try: kubectl --kubeconfig ${flags.writeKubeconfig ? resolve(flags.writeKubeconfig) : kubeconfig} get ${agent ? 'nodes' : 'namespaces'}`);
  return { api, port: addr.port, kubeconfig, token, stop };
}
