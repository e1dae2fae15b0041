import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from './env';

/** A WAV of a pure tone for Chromium's fake microphone (one file per browser process). */
export function ensureTone(hz: number): string {
  const file = join(ARTIFACTS, `tone-${hz}.wav`);
  if (!existsSync(file)) {
    execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '300', 'sine', String(hz), 'vol', '0.5']);
  }
  return file;
}
