import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  freeRamGiB: number;
  os: string;
  node: string;
  onnxruntime: string;
  transformers: string;
  /** 1-minute load average when the run started (the machine may be shared). */
  loadAverage: number;
  date: string;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** What the numbers were measured on. */
export function describeMachine(now = new Date()): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeRamGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    onnxruntime: packageVersion('onnxruntime-node'),
    transformers: packageVersion('@huggingface/transformers'),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    date: now.toISOString(),
  };
}

/** Peak resident set size of this process so far, in MB (Linux VmHWM when available). */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: fall through
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
