// CPU time and memory of processes, read from /proc (Linux only), for the pipeline benchmark.
//
// CPU: utime + stime from /proc/<pid>/stat (fields 14 and 15), in clock ticks (`getconf CLK_TCK`,
// 100 here: 10 ms resolution). They cover every thread of the process, so a Node service's worker
// threads and the JVM's threads are included. Memory: VmHWM (peak resident set) and VmRSS from
// /proc/<pid>/status.
//
// PostgreSQL: every process whose /proc/<pid>/comm is `postgres` (postmaster, backends, checkpointer,
// walwriter, autovacuum workers, ...). Backends come and go during a run (every pool connection is
// one); their CPU is not lost when they exit: the postmaster reaps them, and the kernel adds a reaped
// child's utime + stime to the parent's cutime + cstime (fields 16 and 17). So the total
// "utime + stime + cutime + cstime over every postgres process" only grows, and its delta over an
// interval is exact: a backend alive at the start and gone at the end is counted once at each end
// (its own utime, then inside the postmaster's cutime), its earlier CPU cancels out. No sampling is
// needed for that. Caveats: it is every database of the cluster, so it includes Apicurio's registry
// database (strand_registry) and whatever other users of the machine do in PostgreSQL meanwhile.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Kernel clock ticks per second, for utime/stime. */
export const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command name (which may contain spaces and parentheses): index 0 is field 3 (state). */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system, all threads) a live process has used, or null when it is gone. With children, adds its reaped children's. */
export function cpuSeconds(pid, { children = false } = {}) {
  try {
    const f = statFields(pid);
    let ticks = Number(f[11]) + Number(f[12]);
    if (children) ticks += Number(f[13]) + Number(f[14]);
    return ticks / clockTicks;
  } catch {
    return null;
  }
}

/** VmHWM and VmRSS of a live process, in bytes (null when it is gone). */
export function memory(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number((new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text) ?? [])[1] ?? NaN) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

function pids() {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

function comm(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** CPU seconds of all PostgreSQL processes, exited backends included (see the header). */
export function postgresCpuSeconds() {
  let total = 0;
  for (const pid of pids()) {
    if (comm(pid) !== 'postgres') continue;
    total += cpuSeconds(pid, { children: true }) ?? 0;
  }
  return total;
}

/**
 * The Kafka broker's pid: the one in the stack's pid file (`<state>/kafka/kafka.pid`, written by
 * `strand stack up`) when that process is alive and runs kafka.Kafka, else any process whose command
 * line runs the kafka.Kafka main class (as `pgrep -f kafka.Kafka`). The pid file can be stale: two
 * `stack up` started at once leave the pid of the one that lost the port race. Null if none.
 */
export function kafkaBrokerPid(kafkaDir) {
  try {
    const pid = Number(readFileSync(join(kafkaDir, 'kafka.pid'), 'utf8').trim());
    if (pid > 0 && / kafka\.Kafka /.test(`${cmdline(pid)} `)) return pid;
  } catch {
    // no pid file: look for the process
  }
  const found = pids().filter((pid) => pid !== process.pid && / kafka\.Kafka /.test(`${cmdline(pid)} `));
  return found.length > 0 ? found[0] : null;
}

/** Machine-wide load averages (1, 5, 15 min) from /proc/loadavg. */
export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/).slice(0, 3).join(' ');
}

/**
 * Watches named processes: samples VmRSS every `intervalMs` (the peak is the larger of that and
 * VmHWM read at `peak()` time), and takes CPU snapshots on demand of each process, of the Kafka
 * broker, of PostgreSQL and of this process. `add` a process when it starts.
 */
export class ProcessWatch {
  constructor({ kafkaPid, intervalMs = 200 }) {
    this.kafkaPid = kafkaPid;
    this.procs = new Map(); // name -> { pid, maxRss, hwm }
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  add(name, pid) {
    this.procs.set(name, { pid, maxRss: 0, hwm: 0 });
  }

  remove(name) {
    this.procs.delete(name);
  }

  sample() {
    for (const p of this.procs.values()) {
      const m = memory(p.pid);
      if (m) {
        p.maxRss = Math.max(p.maxRss, m.rss);
        p.hwm = Math.max(p.hwm, m.hwm);
      }
    }
  }

  /** Peak resident set of a watched process in bytes: VmHWM now (call it just before stopping the process), or the largest VmRSS sampled. */
  peak(name) {
    this.sample();
    const p = this.procs.get(name);
    return p ? Math.max(p.maxRss, p.hwm) : NaN;
  }

  /** CPU seconds so far of every watched process, the broker, PostgreSQL and this process, at one instant. */
  snapshot() {
    const cpu = {};
    for (const [name, p] of this.procs) cpu[name] = cpuSeconds(p.pid);
    cpu.kafka = this.kafkaPid ? cpuSeconds(this.kafkaPid) : null;
    cpu.postgres = postgresCpuSeconds();
    const own = process.cpuUsage();
    cpu.bench = (own.user + own.system) / 1e6;
    return { at: performance.now(), cpu };
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** Per-process CPU seconds between two snapshots (null where a process was missing at either end). */
export function cpuDelta(from, to) {
  const out = {};
  for (const name of Object.keys(to.cpu)) {
    const a = from.cpu[name];
    const b = to.cpu[name];
    out[name] = a == null || b == null ? null : b - a;
  }
  return out;
}
