/** Percentiles and the one-line JSON that every benchmark prints per figure. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** `decimals` for figures that live below 1 (CPU cores). */
export function report(figure: string, values: number[], unit = 'ms', decimals = 0): { p50: number; p95: number; n: number } {
  const round = (v: number): number => Number(v.toFixed(decimals));
  const result = { p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), n: values.length };
  console.log(`${figure}: median ${result.p50} ${unit}, p95 ${result.p95} ${unit} over ${result.n} runs (min ${round(Math.min(...values))}, max ${round(Math.max(...values))})`);
  console.log(JSON.stringify({ figure, ...result }));
  return result;
}
