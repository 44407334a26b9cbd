import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What a process has used: resident memory now, and CPU time (user + system) so far. */
export interface ProcessUsage {
  rssBytes: number;
  cpuMicros: number;
}

/** Clock ticks per second, the unit of /proc's CPU times. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/**
 * Reads another process's usage from /proc (Linux), so that the measured process runs exactly as
 * in production, with nothing of the bench loaded into it.
 */
export function readProcessUsage(pid: number): ProcessUsage {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { rssBytes: rssKiB * 1024, cpuMicros: (ticks / TICKS_PER_SECOND) * 1e6 };
}
