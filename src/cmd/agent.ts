// `skiff agent`: join a server with its token and run this machine's pods; and the agent `skiff server` embeds.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, HttpsTransport } from '../client/index.js';
import { stderrLogger, type Logger } from '../machinery/log.js';
import type { AgentFlags, SharedAgentFlags } from '../cli/agent-flags.js';
import { joinCluster, JoinError, type NodeTLS } from '../agent/join.js';
import { startNodeAgent } from '../agent/node-agent.js';
import { AgentError, type RunningAgent } from '../agent/agent.js';
import { PauseImageError } from '../agent/pause.js';
import { UserError } from './errors.js';
import { agentSettings, defaultNodeName, requireRoot } from './agent-settings.js';
export { agentSettings, defaultNodeName, requireRoot };

function say(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export interface EmbeddedAgentInput {
  flags: SharedAgentFlags;
  dataDir: string;
  nodeName: string;
  client: Client;
  tls: NodeTLS;
  clusterDNS: string;
  clusterDomain: string;
  controlPlane: boolean;
  logger: Logger;
}

export async function startAgentFromFlags(i: EmbeddedAgentInput): Promise<RunningAgent> {
  const s = agentSettings(i.flags);
  try {
    return await startNodeAgent({
      agentDir: join(i.dataDir, 'agent'), nodeName: i.nodeName, nodeIP: s.nodeIP, labels: s.labels, taints: s.taints,
      controlPlane: i.controlPlane, client: i.client, tls: { ca: i.tls.caPem, cert: i.tls.servingCert, key: i.tls.servingKey },
      runtimeEndpoint: s.runtimeEndpoint, pauseImage: s.pauseImage, registries: s.registries,
      clusterDNS: [i.clusterDNS], clusterDomain: i.clusterDomain, kubeletPort: s.kubeletPort, cniBridge: s.cniBridge,
      podLogsDir: s.podLogsDir, logger: i.logger.with({ component: 'agent' }), say,
    });
  } catch (e) {
    if (e instanceof AgentError || e instanceof PauseImageError) throw new UserError(e.message);
    throw e;
  }
}

export async function runAgent(flags: AgentFlags): Promise<RunningAgent> {
  requireRoot('skiff agent');
  const dataDir = resolve(flags.dataDir ?? '/var/lib/skiff');
  let token = flags.token;
  if (!token && flags.tokenFile) {
    try { token = readFileSync(flags.tokenFile, 'utf8').trim(); } catch (e) { throw new UserError(`--token-file ${flags.tokenFile}: ${(e as Error).message}`); }
  }
  if (!token) throw new UserError('a join token is required: pass --token (the server keeps it in <data-dir>/server/token) or --token-file');
  const nodeName = flags.nodeName ?? defaultNodeName();
  const s = agentSettings(flags);
  say(`Starting skiff agent ${nodeName} (data in ${dataDir}), joining ${flags.server}`);
  let tls: NodeTLS;
  try {
    tls = await joinCluster({ server: flags.server, token, agentDir: join(dataDir, 'agent'), nodeName, addresses: [s.nodeIP, hostname()].filter((a): a is string => !!a), say });
  } catch (e) {
    if (e instanceof JoinError) throw new UserError(e.message);
    throw e;
  }
  const client = new Client(new HttpsTransport({ server: flags.server, ca: tls.caPem, cert: tls.clientCert, key: tls.clientKey, userAgent: `skiff-agent/${nodeName}` }));
  const logger = stderrLogger({ level: flags.logLevel === 'debug' ? 'debug' : flags.logLevel === 'error' ? 'error' : 'info' });
  const agent = await startAgentFromFlags({ flags, dataDir, nodeName, client, tls, clusterDNS: flags.clusterDns ?? '10.43.0.10', clusterDomain: flags.clusterDomain, controlPlane: false, logger });
  say(`Node ${nodeName} is running pods. Stop with Ctrl-C (containers keep running; \`skiff killall\` stops them).`);
  return { ...agent, async stop(o) { await agent.stop(o); client.close(); } };
}
