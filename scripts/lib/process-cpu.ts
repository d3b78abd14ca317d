// CPU time a process has used so far, for the benchmarks' "where does the CPU go" figures.
import { readFileSync } from 'node:fs';

/** User + system CPU seconds of `pid`, from /proc/<pid>/stat (fields 14 and 15, in ticks of 1/100 s on Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
