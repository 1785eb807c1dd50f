// Command-line options shared by every benchmark: `--runs 3 --bin bin/skiff.js --out bench/results --quick`.
import { join, resolve } from 'node:path';

export interface BenchArgs {
  /** Independent repetitions; tables show the median. @default 3 */
  runs: number;
  /** The skiff launcher. @default <cwd>/bin/skiff.js (the built dist/) */
  bin: string;
  /** Where <name>.json goes. @default <cwd>/bench/results */
  out: string;
  /** Shorter phases, for a smoke run; results are marked quick. */
  quick: boolean;
  /** Extra node flags for the server process, e.g. --server-node-arg=--cpu-prof */
  serverNodeArgs: string[];
}

export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { runs: 3, bin: resolve('bin', 'skiff.js'), out: resolve(join('bench', 'results')), quick: false, serverNodeArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--runs') a.runs = Math.max(1, Math.min(20, Number(value()) || 1));
    else if (flag === '--bin') a.bin = resolve(value());
    else if (flag === '--out') a.out = resolve(value());
    else if (flag === '--quick') a.quick = true;
    else if (flag === '--server-node-arg') a.serverNodeArgs.push(value());
    else throw new Error(`unknown option ${flag}; known: --runs N, --bin FILE, --out DIR, --quick, --server-node-arg ARG`);
  }
  return a;
}
