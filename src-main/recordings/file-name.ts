/** Recording file names; pure, so the web build names its recordings the same way. */
const pad = (n: number): string => String(n).padStart(2, '0');

/** Letters (any script), digits and + @ _ - stay; everything else (separators, spaces, : * ? …) becomes _. */
export function sanitizeParty(party: string): string {
  const cleaned = party
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}+@_-]+/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return cleaned || 'unknown';
}

/** `<yyyy-mm-dd_hh-mm-ss>_<party>.webm` in local time; `n` > 1 tells apart two in the same second. */
export function recordingFileName(startedAt: number, party: string, n = 1): string {
  const d = new Date(startedAt);
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}_${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
  return `${stamp}_${sanitizeParty(party)}${n > 1 ? `_${n}` : ''}.webm`;
}
