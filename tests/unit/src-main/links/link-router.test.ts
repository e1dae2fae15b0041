import { describe, expect, it, vi } from 'vitest';
import { createLinkRouter, LINK_QUEUE_LIMIT, linksFromArgv } from '../../../../src-main/links/link-router';
import { parseIncomingLink } from '../../../../src-main/links/parse-incoming-link';
import type { IncomingLink } from '../../../../src-preload/contract';

describe('linksFromArgv', () => {
  it('picks our links out of a command line', () => {
    expect(linksFromArgv(['C:\\Offhook\\Offhook.exe', '--allow-file-access-from-files', 'tel:+15550109999'])).toEqual(['tel:+15550109999']);
    expect(linksFromArgv(['/opt/Offhook/offhook', '--hidden'])).toEqual([]);
    expect(linksFromArgv(['offhook', 'SIP:1002@x', 'callto:1', 'sips:2@x', 'offhook:3'])).toEqual(['SIP:1002@x', 'callto:1', 'sips:2@x', 'offhook:3']);
  });

  it('skips flags that merely contain a link, other schemes and paths', () => {
    expect(linksFromArgv(['--x=tel:1', 'https://evil.example', '/home/ann/tel:1', 'telnet:1', ''])).toEqual([]);
  });

  it('takes at most five', () => {
    expect(linksFromArgv(Array.from({ length: 50 }, (_, i) => `tel:${i}`))).toHaveLength(5);
  });
});

describe('link router', () => {
  function setup(limit?: number) {
    const delivered: IncomingLink[] = [];
    const onDropped = vi.fn();
    const router = createLinkRouter({ parse: (raw) => parseIncomingLink(raw, 0), deliver: (l) => delivered.push(l), onDropped, limit });
    return { router, delivered, onDropped };
  }

  it('queues links until the renderer is ready, then delivers them in order', () => {
    const { router, delivered } = setup();
    router.receive('tel:1001');
    router.receive('tel:<b>');
    router.receive('sip:1003@x');
    expect(delivered).toEqual([]);
    expect(router.pending()).toBe(3);
    router.ready();
    expect(delivered).toEqual([
      { kind: 'dial', number: '1001', source: 'tel' },
      expect.objectContaining({ kind: 'refused', reason: 'unsafe' }),
      { kind: 'dial', number: '1003', source: 'sip' },
    ]);
    expect(router.pending()).toBe(0);
  });

  it('delivers at once while ready, and queues again after the renderer went away', () => {
    const { router, delivered } = setup();
    router.ready();
    router.receive('tel:1');
    expect(delivered).toHaveLength(1);
    router.notReady();
    router.receive('tel:2');
    expect(delivered).toHaveLength(1);
    router.ready();
    expect(delivered.map((l) => (l.kind === 'dial' ? l.number : l.kind))).toEqual(['1', '2']);
  });

  it('keeps the newest links when more arrive than the queue holds, and says so', () => {
    const { router, delivered, onDropped } = setup();
    for (let i = 0; i < LINK_QUEUE_LIMIT + 5; i += 1) router.receive(`tel:${i}`);
    expect(router.pending()).toBe(LINK_QUEUE_LIMIT);
    expect(onDropped).toHaveBeenCalledTimes(5);
    router.ready();
    expect(delivered[0]).toEqual({ kind: 'dial', number: '5', source: 'tel' });
    expect(delivered.at(-1)).toEqual({ kind: 'dial', number: String(LINK_QUEUE_LIMIT + 4), source: 'tel' });
  });

  it('returns what it parsed', () => {
    expect(setup().router.receive('callto:42')).toEqual({ kind: 'dial', number: '42', source: 'callto' });
  });
});
