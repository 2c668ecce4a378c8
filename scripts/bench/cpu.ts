/**
 * Where the CPU went during a phase: this Node process (workers, clients and the benchmark run
 * here, on one thread) against the whole machine (PostgreSQL's backends are the rest). On a
 * 2-core machine, a process near 100% of one core is CPU-bound; a machine near 100% of all cores
 * has no headroom left for either side.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

interface MachineTicks {
  busy: number;
  total: number;
}

function readMachineTicks(): MachineTicks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      fields;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined; // not Linux: the machine figure is left out
  }
}

export interface CpuUsage {
  /** This process, in percent of one core. */
  processPercent: number;
  /** The whole machine, in percent of all its cores (NaN where /proc/stat is missing). */
  machinePercent: number;
  cores: number;
}

/** Starts measuring; call the returned function at the end of the phase. */
export function startCpuMeter(): () => CpuUsage {
  const startedAt = process.hrtime.bigint();
  const processStart = process.cpuUsage();
  const machineStart = readMachineTicks();
  return () => {
    const wallMicros = Number(process.hrtime.bigint() - startedAt) / 1000;
    const used = process.cpuUsage(processStart);
    const machineEnd = readMachineTicks();
    const machinePercent =
      machineStart && machineEnd && machineEnd.total > machineStart.total
        ? (100 * (machineEnd.busy - machineStart.busy)) / (machineEnd.total - machineStart.total)
        : Number.NaN;
    return {
      processPercent: (100 * (used.user + used.system)) / wallMicros,
      machinePercent,
      cores: os.availableParallelism(),
    };
  };
}
