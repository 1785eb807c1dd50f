// Facts pulled from a skiff process's log (stderr) after a run: leadership changes of the controller manager and
// scheduler (a leader that cannot renew its Lease stops its informers, and the next leader relists everything), and
// error lines. Counting them tells a throughput drop caused by lost leadership from a plainly slow server.
export interface LogFacts {
  becameLeader: number;
  lostLeadership: number;
  errorLines: number;
  /** Up to 5 distinct error messages (without timestamps). */
  sampleErrors: string[];
}

export function logFacts(output: string): LogFacts {
  const lines = output.split('\n');
  const errors = lines.filter((l) => /^E \d/.test(l));
  const distinct = [...new Set(errors.map((l) => l.replace(/^E [\d:.]+ /, '').slice(0, 200)))];
  return {
    becameLeader: lines.filter((l) => l.includes('Became leader')).length,
    lostLeadership: lines.filter((l) => l.includes('stopped leading')).length,
    errorLines: errors.length,
    sampleErrors: distinct.slice(0, 5),
  };
}
