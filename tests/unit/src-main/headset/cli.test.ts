/** `npm run headset -- inspect|list`: in-process with fake I/O, plus the real process for exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHeadsetCli } from '../../../../src-main/headset/cli-commands';
import type { DeviceListPorts } from '../../../../src-main/headset/device-list';
import { FIXTURE_NAMES, fixturePath } from './fixtures';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

function io(ports?: Partial<DeviceListPorts>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      readText: (p: string) => readFile(p, 'utf8'),
      devicePorts: (): DeviceListPorts => ({
        platform: 'linux',
        enumerate: async () => [],
        readDescriptor: async () => new Uint8Array(),
        listSysfs: async () => [],
        canOpen: async () => true,
        ...ports,
      }),
    },
  };
}

const ROLE_KEYS = {
  inputs: ['hookSwitch', 'phoneMute', 'flash', 'redial', 'reject', 'volumeUp', 'volumeDown'],
  outputs: ['offHook', 'mute', 'ring', 'hold', 'microphone', 'online', 'ringer'],
};

function expectSummaryShape(summary: Record<string, unknown>): void {
  if (summary.telephony === false) {
    expect(summary).toEqual({ telephony: false });
    return;
  }
  expect(Object.keys(summary)).toEqual(['telephony', 'collection', 'inputs', 'outputs']);
  expect(summary.collection).toMatch(/^0x000B:0x000[145]$/);
  for (const side of ['inputs', 'outputs'] as const) {
    const map = summary[side] as Record<string, unknown>;
    for (const [key, value] of Object.entries(map)) {
      expect(ROLE_KEYS[side]).toContain(key);
      expect(Object.keys(value as object)).toEqual(['reportId', 'bit']);
      const { reportId, bit } = value as { reportId: number; bit: number };
      expect(Number.isInteger(reportId) && reportId >= 0 && reportId <= 255).toBe(true);
      expect(Number.isInteger(bit) && bit >= 0).toBe(true);
    }
  }
}

describe('headset inspect', () => {
  it.each(FIXTURE_NAMES)('prints one line of JSON in the issue’s shape for %s', async (name) => {
    const t = io();
    expect(await runHeadsetCli(['inspect', fixturePath(name)], t.io)).toBe(0);
    expect(t.out).toHaveLength(1);
    expect(t.err).toEqual([]);
    expectSummaryShape(JSON.parse(t.out[0]!));
  });

  it('exits 2 with a clear message for malformed input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offhook-headset-'));
    const cases: Array<[string, RegExp]> = [
      ['05 0b 09 05 a1 01 zz', /line 1, column 19: "zz"/],
      ['05 0b 09 05 a1 01 85', /byte 6 .*truncated descriptor/],
      ['05 0b 09 05 a1 01 75 01', /ends inside 1 open collection/],
      ['\n', /holds no hex bytes/],
    ];
    for (const [i, [content, message]] of cases.entries()) {
      const file = join(dir, `bad-${i}.hex`);
      writeFileSync(file, content);
      const t = io();
      expect(await runHeadsetCli(['inspect', file], t.io)).toBe(2);
      expect(t.out).toEqual([]);
      expect(t.err.join('\n')).toMatch(message);
      expect(t.err.join('\n')).toContain(file);
    }
    const missing = io();
    expect(await runHeadsetCli(['inspect', join(dir, 'nope.hex')], missing.io)).toBe(2);
    expect(missing.err[0]).toMatch(/cannot read .*nope\.hex/);
  });

  it('exits 2 with usage for unknown commands', async () => {
    const t = io();
    expect(await runHeadsetCli(['inspect'], t.io)).toBe(2);
    expect(await runHeadsetCli(['frobnicate'], t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(/usage: npm run headset -- inspect FILE/);
  });

  it('works as a process: JSON on stdout and exit 0, or a message on stderr and exit 2', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src-main/headset/cli.ts', ...args], { cwd: repo, encoding: 'utf8' });
    const good = run('inspect', fixturePath('poly-blackwire3220-col-telephony'));
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ telephony: true, inputs: { hookSwitch: { reportId: 8, bit: 1 } } });
    const dir = mkdtempSync(join(tmpdir(), 'offhook-headset-'));
    writeFileSync(join(dir, 'bad.hex'), '05 0b 09');
    const bad = run('inspect', join(dir, 'bad.hex'));
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/truncated descriptor/);
  }, 30_000);
});

describe('headset list', () => {
  it('says so plainly when there are no devices', async () => {
    const t = io();
    expect(await runHeadsetCli(['list'], t.io)).toBe(0);
    expect(t.out).toEqual(['No HID devices found.']);
  });

  it('exits 1 when devices cannot be enumerated at all', async () => {
    const t = io({ platform: 'darwin', enumerate: async () => Promise.reject(new Error('no binding')) });
    expect(await runHeadsetCli(['list'], t.io)).toBe(1);
    expect(t.out.join('\n')).toMatch(/node-hid could not enumerate devices: no binding/);
  });
});
