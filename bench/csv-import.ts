/**
 * CSV contact import (issue 6, C3): the read → parse → validate → normalise part of an import,
 * in Node through the same plain-TypeScript code the page runs (papaparse's parser, TextDecoder,
 * libphonenumber-js), streaming the file from disk as a Blob like the page streams a File.
 *
 *  csv_import_rows_per_s   data rows per second of wall time, 100 000-row file with 50 bad rows
 *                          (every 97th row has a quoted two-line note; two numbers per row;
 *                          Chinese names), over RUNS runs (default 5). Goal ≥ 50 000.
 *  csv_import_peak_mb      peak resident memory of the process during a run (RSS sampled every
 *                          10 ms and after each 1 MB batch; a full GC before each run), the
 *                          valid contacts held for the single IndexedDB transaction included;
 *                          csv_import_growth_mb is the same peak less the RSS at the run's start
 *                          (Node, tsx and the loaded modules).
 *
 * LARGE=1 adds one run on a 1 000 000-row file (~100 MB) for the memory curve. Not measured here:
 * the IndexedDB transaction itself (it is the browser's; the e2e test times a small one).
 * `npx tsx bench/csv-import.ts` or `npm run bench -- csv-import`.
 */
import { mkdtempSync, openAsBlob, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { analyseCsv } from '../src-renderer/contacts/csv-import';
import { blobChunks } from '../src-renderer/contacts/csv-reader';
import { makeCsv } from '../tests/unit/src-renderer/contacts/csv-fixtures';
import { report } from './lib/stats';

const RUNS = Number(process.env.RUNS ?? 5);
// A full collection before each run, so one run's garbage is not counted in the next one's peak.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const dir = mkdtempSync(join(tmpdir(), 'offhook-csv-bench-'));

async function once(file: string, rows: number, bad: number): Promise<{ rowsPerS: number; peakMb: number; growthMb: number; cpuS: number }> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const sample = (): void => void (peak = Math.max(peak, process.memoryUsage.rss()));
  const timer = setInterval(sample, 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await analyseCsv(blobChunks(await openAsBlob(file)), {
    region: 'CN',
    onProgress: sample,
    yieldToUi: () => new Promise((r) => setImmediate(r)),
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  sample();
  if (result.rows !== rows || result.errorCount !== bad || result.valid.length !== rows - bad) {
    throw new Error(`wrong result: ${result.rows} rows, ${result.errorCount} errors, ${result.valid.length} valid`);
  }
  return { rowsPerS: (rows / ms) * 1000, peakMb: peak / 1024 / 1024, growthMb: (peak - base) / 1024 / 1024, cpuS: (cpu.user + cpu.system) / 1e6 };
}

async function measure(rows: number, bad: number, runs: number, tag: string): Promise<void> {
  const file = join(dir, `${tag}.csv`);
  writeFileSync(file, makeCsv(rows, bad).text);
  console.log(`${tag}: ${rows} rows, ${bad} bad, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(file, rows, bad));
  report(`csv_import_rows_per_s${tag === '100k' ? '' : `_${tag}`}`, results.map((r) => r.rowsPerS), 'rows/s');
  report(`csv_import_peak_mb${tag === '100k' ? '' : `_${tag}`}`, results.map((r) => r.peakMb), 'MB');
  report(`csv_import_growth_mb${tag === '100k' ? '' : `_${tag}`}`, results.map((r) => r.growthMb), 'MB');
  const cpuRate = results.map((r) => rows / r.cpuS);
  console.log(`  (per CPU second: median ${Math.round([...cpuRate].sort((a, b) => a - b)[Math.floor(cpuRate.length / 2)]!)} rows; the machine is shared, wall time includes waiting)`);
}

try {
  await measure(100_000, 50, RUNS, '100k');
  if (process.env.LARGE) await measure(1_000_000, 500, 1, '1m');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
