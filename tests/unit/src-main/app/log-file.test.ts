import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogSink } from '../../../../src-main/app/log-file';
import { combineSinks, createLogger } from '../../../../src-main/app/logger';

const SECRET = 'hunter2-very-secret';
let dir: string | undefined;
let n = 0;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function setup(maxBytes?: number) {
  dir = mkdtempSync(path.join(tmpdir(), 'offhook-logs-'));
  n += 1;
  const file = createFileLogSink({ directory: dir, maxBytes, logId: `test-${n}` });
  return { file, log: createLogger('main', file.sink) };
}

describe('log file', () => {
  it('writes redacted lines to main.log in the logs folder', () => {
    const { file, log } = setup();
    log.info('REGISTER sent', { sip: `REGISTER sip:pbx SIP/2.0\r\nAuthorization: Digest username="1001", response="${SECRET}"` });
    log.warn(`secret set failed password=${SECRET}`, { account: { password: SECRET, extension: '1001' } });
    log.error('boom', new Error(`token=${SECRET}`));
    expect(file.filePath).toBe(path.join(dir!, 'main.log'));
    const text = readFileSync(file.filePath, 'utf8');
    expect(text).toContain('[main] REGISTER sent');
    expect(text).toContain('1001');
    expect(text).toMatch(/\[warn\]\s+\[main\] secret set failed/);
    expect(text).not.toContain(SECRET);
  });

  it('rotates: past the size limit the file becomes main.old.log', () => {
    const { file, log } = setup(2_000);
    for (let i = 0; i < 60; i += 1) log.info(`line ${i} ${'x'.repeat(60)}`);
    expect(existsSync(path.join(dir!, 'main.old.log'))).toBe(true);
    expect(readFileSync(file.filePath, 'utf8').length).toBeLessThan(2_500);
    expect(readFileSync(file.filePath, 'utf8')).toContain('line 59');
  });

  it('keeps logging to the other sinks when one throws', () => {
    const lines: string[] = [];
    const sink = combineSinks(
      () => {
        throw new Error('disk full');
      },
      (_level, line) => lines.push(line),
    );
    createLogger('main', sink).info('still here');
    expect(lines).toEqual(['[main] still here']);
  });
});
