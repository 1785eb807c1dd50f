export async function main(argv: string[]): Promise<void> {
  process.stdout.write(`skiff: not yet wired (${argv.length})\n`);
}
