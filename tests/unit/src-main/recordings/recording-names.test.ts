import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingFileName, recordingsFolder, resolveRecording, sanitizeParty } from '../../../../src-main/recordings/recording-names';

describe('recording names', () => {
  it('dates in local time, zero-padded', () => {
    expect(recordingFileName(new Date(2024, 0, 2, 3, 4, 5).getTime(), '1002')).toBe('2024-01-02_03-04-05_1002.webm');
    expect(recordingFileName(new Date(2024, 0, 2, 3, 4, 5).getTime(), '1002', 3)).toBe('2024-01-02_03-04-05_1002_3.webm');
  });

  it('keeps letters of any script, digits, + and @; the rest becomes _', () => {
    expect(sanitizeParty('+86 10 1234')).toBe('+86_10_1234');
    expect(sanitizeParty('李四')).toBe('李四');
    expect(sanitizeParty('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(sanitizeParty('x'.repeat(200))).toHaveLength(64);
    expect(sanitizeParty('\u0000\u001f')).toBe('unknown');
  });

  it('resolves a name inside the folder only', () => {
    const folder = path.resolve('/r');
    expect(resolveRecording(folder, '2024-01-02_03-04-05_1002.webm')).toBe(path.join(folder, '2024-01-02_03-04-05_1002.webm'));
    for (const bad of ['../x.webm', 'a/../../x.webm', '/x.webm', 'x.txt', 'x.webm ', 'a..b.webm', 42, null]) {
      expect(resolveRecording(folder, bad)).toBeNull();
    }
  });

  it('uses an absolute folder setting, else Music (or Documents) / Offhook Recordings', () => {
    const paths = { music: '/home/u/Music', documents: '/home/u/Documents', home: '/home/u' };
    expect(recordingsFolder('/data/calls', (n) => paths[n])).toBe('/data/calls');
    expect(recordingsFolder('', (n) => paths[n])).toBe(path.join('/home/u/Music', 'Offhook Recordings'));
    expect(recordingsFolder('relative/dir', (n) => paths[n])).toBe(path.join('/home/u/Music', 'Offhook Recordings'));
    const noMusic = (n: 'music' | 'documents' | 'home') => {
      if (n === 'music') throw new Error('Failed to get music path');
      return paths[n];
    };
    expect(recordingsFolder('', noMusic)).toBe(path.join('/home/u/Documents', 'Offhook Recordings'));
  });
});
