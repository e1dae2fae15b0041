/**
 * Two FileTransfers managers joined by a fake SIP network: the INVITE, 180, 200/BYE/CANCEL and the
 * data channel pair behave as JsSIP and Kamailio do for them (RTCSession emits 'peerconnection'
 * inside call()/answer(), 'progress' on 180, 'accepted' on 200, 'failed' for a final error,
 * 'ended' after BYE).
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileTransfers, transferIdFromPurpose, type InviteLike, type TransferSnapshot } from '../../../../src-renderer/chat/file-transfers';
import type { FileOffer } from '../../../../src-renderer/chat/file-offer';
import type { SessionLike } from '../../../../src-renderer/telephony/call';
import { bytes, channelPair, type FakeDataChannel } from './fake-data-channel';

class Session extends EventEmitter {
  readonly id = Math.random().toString(36).slice(2);
  connection = null;
  peer: Session | null = null;
  status: 'new' | 'confirmed' | 'ended' = 'new';
  terminations: Array<{ status_code?: number; reason_phrase?: string } | undefined> = [];
  answered: Record<string, unknown> | null = null;
  onAnswer: (() => void) | null = null;
  constructor(readonly direction: 'outgoing' | 'incoming') {
    super();
  }
  answer(options: Record<string, unknown> = {}): void {
    this.answered = options;
    this.onAnswer?.();
  }
  terminate(options?: { status_code?: number; reason_phrase?: string }): void {
    if (this.status === 'ended') throw new Error('terminated');
    this.terminations.push(options);
    const confirmed = this.status === 'confirmed';
    this.status = 'ended';
    const peer = this.peer;
    if (confirmed) {
      this.emit('ended', { originator: 'local', cause: 'Terminated' });
      if (peer && peer.status !== 'ended') {
        peer.status = 'ended';
        setTimeout(() => peer.emit('ended', { originator: 'remote', cause: 'Terminated' }), 1);
      }
      return;
    }
    this.emit('failed', { originator: 'local', cause: this.direction === 'incoming' ? 'Rejected' : 'Canceled' });
    if (peer && peer.status !== 'ended') {
      peer.status = 'ended';
      const code = options?.status_code ?? (this.direction === 'outgoing' ? 487 : 480);
      setTimeout(
        () =>
          peer.emit('failed', {
            originator: 'remote',
            cause: this.direction === 'outgoing' ? 'Canceled' : 'Rejected',
            message: peer.direction === 'outgoing' ? { status_code: code, reason_phrase: options?.reason_phrase ?? '' } : undefined,
          }),
        1,
      );
    }
  }
  isEnded(): boolean {
    return this.status === 'ended';
  }
}

type Party = { transfers: FileTransfers; offers: Array<{ peer: string; offer: FileOffer }>; snaps: TransferSnapshot[] };

/** Two parties; `online: false` makes the callee answer 480 as Kamailio does for an unregistered user. */
function network(options: { online?: boolean; autoAcceptBytes?: number; receiverFirst?: boolean; deliverOffer?: boolean } = {}) {
  const channels: Array<[FakeDataChannel, FakeDataChannel]> = [];
  const invites: Array<{ request: InviteLike; claimed: boolean }> = [];
  let ids = 0;
  const make = (me: string, other: () => Party): Party => {
    const party: Party = { transfers: null as unknown as FileTransfers, offers: [], snaps: [] };
    party.transfers = new FileTransfers({
      newId: () => `transfer${me}${++ids}`.padEnd(16, '0'),
      ice: () => ({ pcConfig: { iceServers: [] }, gate: { hasStun: false, hasTurn: false, maxWaitMs: 10 } }),
      autoAcceptBytes: options.autoAcceptBytes,
      announceWaitMs: 200,
      announce: async (peer, offer) => {
        party.offers.push({ peer, offer });
        // The chat carries it to the other side, where the store passes it on.
        if (options.deliverOffer !== false) setTimeout(() => other().transfers.announced(me, offer), 2);
      },
      ua: () => ({
        call: (target: string, callOptions: Record<string, unknown>) => {
          const out = new Session('outgoing');
          const pair = channelPair();
          channels.push(pair);
          const handlers = callOptions.eventHandlers as Record<string, (e: unknown) => void>;
          handlers.peerconnection!({ peerconnection: { createDataChannel: () => pair[0] } });
          const headers = callOptions.extraHeaders as string[];
          const request: InviteLike = {
            getHeader: (name) => headers.find((h) => h.toLowerCase().startsWith(name.toLowerCase() + ':'))?.split(': ')[1],
            from: { uri: { user: me } },
          };
          setTimeout(() => {
            if (options.online === false) {
              out.status = 'ended';
              out.emit('failed', { originator: 'remote', cause: 'Unavailable', message: { status_code: 480, reason_phrase: 'Temporarily Unavailable' } });
              return;
            }
            const inc = new Session('incoming');
            inc.peer = out;
            out.peer = inc;
            inc.onAnswer = () => {
              const listeners: Array<(e: { channel: FakeDataChannel }) => void> = [];
              inc.emit('peerconnection', { peerconnection: { addEventListener: (_: string, l: (e: { channel: FakeDataChannel }) => void) => listeners.push(l) } });
              setTimeout(() => {
                inc.status = out.status = 'confirmed';
                out.emit('accepted', {});
                pair[0].open();
                for (const l of listeners) l({ channel: pair[1] });
              }, 2);
            };
            const claimed = other().transfers.claim(inc as unknown as SessionLike, request);
            invites.push({ request, claimed });
            if (claimed && inc.status === 'new') out.emit('progress', { originator: 'remote' });
          }, 2);
          return out as unknown as SessionLike;
        },
      }),
    });
    party.transfers.on('change', (s) => party.snaps.push(s));
    return party;
  };
  const alice: Party = make('1001', () => bob);
  const bob: Party = make('1002', () => alice);
  return { alice, bob, channels, invites };
}

const finalState = (p: Party, id: string) => p.transfers.get(id);

afterEach(() => vi.useRealTimers());

describe('FileTransfers', () => {
  it('moves a file from one client to the other: offer after 180, verified on both ends', async () => {
    const { alice, bob } = network();
    const data = bytes(300 * 1024, 21);
    const id = alice.transfers.send('sip:1002@example.com', new Blob([data], { type: 'image/png' }), 'C:\\Users\\a\\photo.png');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.state).toBe('done'));
    await vi.waitFor(() => expect(alice.transfers.get(id)?.state).toBe('done'));
    const got = bob.transfers.get(id)!;
    expect(new Uint8Array(await got.file!.arrayBuffer())).toEqual(data);
    expect(got).toMatchObject({ peer: '1001', name: 'photo.png', mime: 'image/png', direction: 'incoming' });
    expect(alice.offers).toEqual([
      { peer: '1002', offer: { transferId: id, name: 'photo.png', size: data.length, mime: 'image/png', sha256: createHash('sha256').update(data).digest('hex') } },
    ]);
    expect(alice.snaps.map((s) => s.state)).toEqual(expect.arrayContaining(['preparing', 'connecting', 'waiting', 'transferring', 'done']));
  });

  it('says the peer is offline on 480, and announces nothing', async () => {
    const { alice } = network({ online: false });
    const id = alice.transfers.send('1002', new Blob([bytes(1000)]), 'a.txt');
    await vi.waitFor(() => expect(alice.transfers.get(id)?.state).toBe('failed'));
    expect(alice.transfers.get(id)?.failure).toBe('offline');
    expect(alice.offers).toEqual([]);
  });

  it('refuses over 100 MB before hashing or calling', () => {
    const { alice, invites } = network();
    const huge = { size: 100 * 1024 * 1024 + 1, type: '' } as Blob;
    const id = alice.transfers.send('1002', huge, 'big.iso');
    expect(alice.transfers.get(id)).toMatchObject({ state: 'failed', failure: 'too-large' });
    expect(invites).toEqual([]);
  });

  it('turns away a transfer nobody announced, without ringing the phone', async () => {
    const { alice, bob, invites } = network({ deliverOffer: false });
    const id = alice.transfers.send('1002', new Blob([bytes(1000)]), 'a.txt');
    await vi.waitFor(() => expect(invites).toHaveLength(1));
    expect(invites[0]!.claimed).toBe(true);
    await vi.waitFor(() => expect(alice.transfers.get(id)?.state).toBe('failed'), { timeout: 2000 });
    expect(alice.transfers.get(id)?.failure).toBe('unannounced');
    expect(bob.transfers.get(id)).toBeNull();
  });

  it('ignores an offer from someone other than the caller', async () => {
    const { alice, bob, invites } = network({ deliverOffer: false });
    const id = alice.transfers.send('1002', new Blob([bytes(1000)]), 'a.txt');
    await vi.waitFor(() => expect(alice.offers).toHaveLength(1));
    bob.transfers.announced('1009', alice.offers[0]!.offer);
    await vi.waitFor(() => expect(alice.transfers.get(id)?.state).toBe('failed'), { timeout: 2000 });
    expect(invites).toHaveLength(1);
  });

  it('leaves INVITEs that are calls to the phone', () => {
    const { bob } = network();
    const session = new Session('incoming');
    expect(bob.transfers.claim(session as unknown as SessionLike, { getHeader: () => undefined })).toBe(false);
    expect(bob.transfers.claim(session as unknown as SessionLike, { getHeader: () => 'conference; id=abcdefgh12' })).toBe(false);
    expect(session.terminations).toEqual([]);
  });

  it('waits for Accept above the auto-accept size; Decline is a 603 the sender reports', async () => {
    const { alice, bob } = network({ autoAcceptBytes: 1000 });
    const id = alice.transfers.send('1002', new Blob([bytes(5000)]), 'a.bin');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.state).toBe('waiting'));
    expect(alice.transfers.get(id)?.state).toBe('waiting');
    bob.transfers.decline(id);
    expect(bob.transfers.get(id)).toMatchObject({ state: 'cancelled', cancelledBy: 'me' });
    await vi.waitFor(() => expect(alice.transfers.get(id)?.failure).toBe('declined'));
  });

  it('Accept starts the transfer', async () => {
    const { alice, bob } = network({ autoAcceptBytes: 1000 });
    const id = alice.transfers.send('1002', new Blob([bytes(5000)]), 'a.bin');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.state).toBe('waiting'));
    bob.transfers.accept(id);
    await vi.waitFor(() => expect(alice.transfers.get(id)?.state).toBe('done'));
    expect(bob.transfers.get(id)?.state).toBe('done');
  });

  it('cancel while it is being sent stops both ends (BYE and the channel message)', async () => {
    const { alice, bob } = network();
    const id = alice.transfers.send('1002', new Blob([bytes(6 * 1024 * 1024, 9)]), 'a.bin');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.bytes).toBeGreaterThan(0));
    alice.transfers.cancel(id);
    expect(alice.transfers.get(id)).toMatchObject({ state: 'cancelled', cancelledBy: 'me' });
    await vi.waitFor(() => expect(bob.transfers.get(id)).toMatchObject({ state: 'cancelled', cancelledBy: 'peer' }));
    expect(bob.transfers.get(id)?.file).toBeNull();
  });

  it('a channel dropped by the far end cancelling, with the BYE arriving later, still reads as a cancel', async () => {
    const { alice, bob, channels } = network();
    const id = alice.transfers.send('1002', new Blob([bytes(6 * 1024 * 1024, 12)]), 'a.bin');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.bytes).toBeGreaterThan(0));
    // What Chromium does when the sender's peer connection closes: the channel goes first.
    channels[0]![0].close();
    await new Promise((r) => setTimeout(r, 50));
    expect(bob.transfers.get(id)?.state).toBe('transferring');
    alice.transfers.cancel(id);
    await vi.waitFor(() => expect(bob.transfers.get(id)).toMatchObject({ state: 'cancelled', cancelledBy: 'peer' }));
  });

  it('a channel that drops with no BYE after it is a broken connection', async () => {
    const { alice, bob, channels } = network();
    const id = alice.transfers.send('1002', new Blob([bytes(6 * 1024 * 1024, 13)]), 'a.bin');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.bytes).toBeGreaterThan(0));
    channels[0]![0].close();
    await vi.waitFor(() => expect(bob.transfers.get(id)).toMatchObject({ state: 'failed', failure: 'connection' }), { timeout: 4000 });
    await vi.waitFor(() => expect(alice.transfers.get(id)).toMatchObject({ state: 'failed', failure: 'connection' }), { timeout: 4000 });
  });

  it('cancel on the receiving side stops the sender', async () => {
    const { alice, bob } = network();
    const id = alice.transfers.send('1002', new Blob([bytes(6 * 1024 * 1024, 10)]), 'a.bin');
    await vi.waitFor(() => expect(bob.transfers.get(id)?.bytes).toBeGreaterThan(0));
    bob.transfers.cancel(id);
    await vi.waitFor(() => expect(alice.transfers.get(id)).toMatchObject({ state: 'cancelled', cancelledBy: 'peer' }));
  });

  it('cancel before the peer answers sends CANCEL and never announces afterwards', async () => {
    const { alice, invites } = network();
    const id = alice.transfers.send('1002', new Blob([bytes(2 * 1024 * 1024)]), 'a.bin');
    alice.transfers.cancel(id);
    expect(alice.transfers.get(id)?.state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 50));
    expect(alice.offers).toEqual([]);
    expect(invites).toEqual([]);
  });

  it('reads the purpose header', () => {
    expect(transferIdFromPurpose('file-transfer; id=abcdef0123')).toBe('abcdef0123');
    expect(transferIdFromPurpose('File-Transfer;id=abcdef0123')).toBe('abcdef0123');
    expect(transferIdFromPurpose('file-transfer; id=a"b')).toBeNull();
    expect(transferIdFromPurpose('call')).toBeNull();
    expect(transferIdFromPurpose(undefined)).toBeNull();
  });
});
