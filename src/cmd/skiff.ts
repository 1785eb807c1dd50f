// The `skiff` binary: one program, subcommands.
import { Command, CommanderError } from 'commander';
import { serverCommand, type ServerFlags } from '../cli/server-flags.js';
import { UserError } from './errors.js';
import { SKIFF_VERSION } from '../apiserver/version.js';
import { simulateCommand, type SimulateFlags } from '../cli/simulate-flags.js';
import { agentCommand, type AgentFlags } from '../cli/agent-flags.js';
import { resolve, join } from 'node:path';

// Each subcommand loads its code only when it runs: `skiff --help` and `skiff agent` stay quick.
const runServer = async (f: ServerFlags) => (await import('./server.js')).runServer(f);
const runSimulate = async (f: SimulateFlags) => (await import('./simulate.js')).runSimulate(f);
const runAgent = async (f: AgentFlags) => (await import('./agent.js')).runAgent(f);
const killall = async (o: Parameters<typeof import('../agent/killall.js')['killall']>[0]) => (await import('../agent/killall.js')).killall(o);

/**
 * Starts a long-running subcommand and stops it cleanly on SIGINT/SIGTERM. A UserError from start-up is printed as
 * one line (`skiff <name>: <message>`) with exit code 1.
 */
async function runUntilSignal(name: string, start: () => Promise<{ stop(): Promise<unknown> }>, stopNote: string): Promise<void> {
  let running;
  try {
    running = await start();
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`skiff ${name}: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const shutdown = (sig: string) => {
    process.stderr.write(`Received ${sig}, shutting down${stopNote}\n`);
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('skiff')
    .description('Skiff: a Kubernetes-compatible container orchestrator. Start a cluster with `skiff server`.')
    .version(SKIFF_VERSION.gitVersion)
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(serverCommand().action((flags: ServerFlags) => runUntilSignal('server', () => runServer(flags), '')));
  program.addCommand(simulateCommand().action((flags: SimulateFlags) => runUntilSignal('simulate', async () => {
    const sim = await runSimulate(flags);
    return { stop: async () => sim.stop() };
  }, '')));
  program.addCommand(agentCommand().action((flags: AgentFlags) => runUntilSignal('agent', () => runAgent(flags), ' (containers keep running)')));
  program.addCommand(new Command('killall')
    .description('Stop every pod and the containerd this node agent started, and remove its pod network (k3s-killall.sh)')
    .option('-d, --data-dir <dir>', 'the data dir of the server or agent (default: /var/lib/skiff)')
    .option('--pod-log-dir <dir>', 'where container logs were written', '/var/log/pods')
    .action(async (o: { dataDir?: string; podLogDir: string }) => {
      if (process.getuid?.() !== 0) {
        process.stderr.write('skiff killall: must run as root\n');
        process.exit(1);
      }
      await killall({ agentDir: join(resolve(o.dataDir ?? '/var/lib/skiff'), 'agent'), podLogsDir: o.podLogDir, say: (m) => process.stderr.write(`${m}\n`) });
    }));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode);
    throw e;
  }
}
