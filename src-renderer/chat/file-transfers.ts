/**
 * File transfers between Offhook clients (D3): each file goes peer to peer over its own WebRTC
 * data channel, set up by a data-only SIP INVITE that carries `X-Offhook-Purpose: file-transfer;
 * id=…`.
 *
 * Order of events, chosen so that nothing is announced to someone who is not there:
 *   1. the sender hashes the file and sends the INVITE;
 *   2. 480/404/408 → the peer is offline: say so, and no chat message was sent;
 *   3. 180 Ringing → the peer's Offhook is running: the chat carries the file offer
 *      ({transferId, name, size, mime, sha256});
 *   4. the receiver holds the INVITE until that offer from that peer is there, answers (at once up
 *      to AUTO_ACCEPT_BYTES, else when the person accepts), and the data channel opens;
 *   5. meta / ready / chunks / done / ack (file-transfer-protocol.ts); the sender ends with BYE.
 *
 * Plain TypeScript; the files store wraps it for the screens.
 */
import { Emitter } from '../telephony/emitter';
import { IceGate, type IceGateOptions } from '../telephony/ice-gate';
import { failureFromJsSip } from '../telephony/sip-errors';
import type { SessionLike } from '../telephony/call';
import { MAX_FILE_BYTES, type FileOffer } from './file-offer';
import { hashBlob } from './file-transfer-hash';
import { CHANNEL_LABEL, TransferError, safeFileName, type DataChannelLike, type TransferFailure } from './file-transfer-protocol';
import { FileReceiver } from './file-transfer-receiver';
import { FileSender } from './file-transfer-sender';

/** Files up to this size arrive without a click (screenshots, photos, documents); larger ones wait for Accept. */
export const AUTO_ACCEPT_BYTES = 10 * 1024 * 1024;
/** How long an incoming INVITE waits for its file offer in the chat (they travel separately). */
export const ANNOUNCE_WAIT_MS = 10_000;
/** How long the sender waits for the receiver to accept (JsSIP's own no-answer timer is 120 s). */
export const ACCEPT_WAIT_MS = 125_000;
/** How long a dropped data channel waits for the BYE that explains it. */
const CLOSE_GRACE_MS = 2000;
/** Progress is reported at most this often. */
const PROGRESS_EVERY_MS = 100;

export const PURPOSE_HEADER = 'X-Offhook-Purpose';

export type TransferState =
  /** Sender: reading the file for its SHA-256. */
  | 'preparing'
  /** Sender: INVITE sent, no answer yet. Receiver: offer or INVITE seen, not both yet. */
  | 'connecting'
  /** Both sides: the receiver has to accept. */
  | 'waiting'
  | 'transferring'
  /** Arrived and the SHA-256 matched. */
  | 'done'
  | 'failed'
  | 'cancelled';

export interface TransferSnapshot {
  id: string;
  direction: 'outgoing' | 'incoming';
  /** The other party's user part (extension), as the chat names them. */
  peer: string;
  name: string;
  size: number;
  mime: string;
  state: TransferState;
  /** Set when state is 'failed'. */
  failure: TransferFailure | null;
  /** Set when state is 'cancelled'. */
  cancelledBy: 'me' | 'peer' | null;
  /** Bytes moved so far (sender: hashed while preparing, then sent). */
  bytes: number;
  /** Sender: the file itself. Receiver: the verified file, once it is done. */
  file: Blob | null;
  /** The offer went out in the chat (sender) / came in (receiver). */
  announced: boolean;
}

/** The part of JsSIP's UA a transfer needs. */
export interface TransferUa {
  call(target: string, options: Record<string, unknown>): SessionLike;
}

/** The part of JsSIP's IncomingRequest the filter reads. */
export interface InviteLike {
  getHeader(name: string): string | undefined;
  from?: { uri?: { user?: string } };
}

export interface FileTransfersDeps {
  /** The UA while registered, else null. */
  ua(): TransferUa | null;
  /** ICE servers and gathering policy, as for calls. */
  ice(): { pcConfig: RTCConfiguration; gate: IceGateOptions };
  /** Sends the file offer to the peer as a chat message; rejects if it could not be sent. */
  announce(peer: string, offer: FileOffer): Promise<void>;
  /** New transfer ids (tests make them predictable). */
  newId?: () => string;
  /** For the stall timeout of sender and receiver. */
  stallMs?: number;
  announceWaitMs?: number;
  acceptWaitMs?: number;
  autoAcceptBytes?: number;
}

export interface FileTransfersEvents extends Record<string, unknown> {
  change: TransferSnapshot;
}

interface Transfer {
  snap: TransferSnapshot;
  offer: FileOffer | null;
  session: SessionLike | null;
  channel: DataChannelLike | null;
  worker: FileSender | FileReceiver | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  abort: AbortController;
  lastEmit: number;
  /** The peer's client rang (180): it is online. */
  rang: boolean;
}

const DATA_ONLY = { audio: false, video: false } as const;

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 'sip:1002@example.com' or '1002' → '1002'. */
export function userOf(target: string): string {
  return /^sips?:([^@;]+)@/i.exec(target)?.[1] ?? target;
}

/** `file-transfer; id=abc` → 'abc'; null for any other purpose. */
export function transferIdFromPurpose(header: string | undefined): string | null {
  if (!header) return null;
  const [purpose, ...params] = header.split(';').map((p) => p.trim());
  if (purpose?.toLowerCase() !== 'file-transfer') return null;
  for (const p of params) {
    const m = /^id=([A-Za-z0-9_-]{8,64})$/.exec(p);
    if (m) return m[1]!;
  }
  return null;
}

export class FileTransfers extends Emitter<FileTransfersEvents> {
  private readonly transfers = new Map<string, Transfer>();

  constructor(private readonly deps: FileTransfersDeps) {
    super();
  }

  get(id: string): TransferSnapshot | null {
    return this.transfers.get(id)?.snap ?? null;
  }

  list(): TransferSnapshot[] {
    return [...this.transfers.values()].map((t) => t.snap);
  }

  /**
   * Sends `file` to `peer` (an extension). Returns the transfer id at once; what happens next is
   * in the snapshots ('change'). The 100 MB limit and being signed in are checked before anything
   * goes out. `beforeFirstChange` learns the id before the first snapshot is emitted.
   */
  send(target: string, file: Blob, name: string, beforeFirstChange?: (id: string) => void): string {
    const id = (this.deps.newId ?? randomId)();
    beforeFirstChange?.(id);
    const t = this.add({
      id,
      direction: 'outgoing',
      peer: userOf(target),
      name: safeFileName(name),
      size: file.size,
      mime: file.type,
      state: 'preparing',
      failure: null,
      cancelledBy: null,
      bytes: 0,
      file,
      announced: false,
    });
    if (file.size > MAX_FILE_BYTES) this.fail(t, new TransferError('too-large'));
    else if (!this.deps.ua()) this.fail(t, new TransferError('not-registered'));
    else void this.prepareAndCall(t, target, file);
    return id;
  }

  /**
   * A file offer arrived in the chat from `peer`. Only announced transfers are taken; the INVITE
   * may already be waiting for this (the usual order) or come shortly after.
   */
  announced(peer: string, offer: FileOffer): void {
    const existing = this.transfers.get(offer.transferId);
    if (existing) {
      if (existing.snap.direction !== 'incoming' || existing.snap.peer !== peer || existing.offer) return;
      existing.offer = offer;
      this.update(existing, { name: safeFileName(offer.name), size: offer.size, mime: offer.mime, announced: true });
      this.decide(existing);
      return;
    }
    const t = this.add(this.incomingSnapshot(offer.transferId, peer, offer));
    t.offer = offer;
    if (offer.size > MAX_FILE_BYTES) return this.fail(t, new TransferError('too-large'));
    // The INVITE is normally here first; an offer alone (a stale or replayed message) expires.
    t.timer = setTimeout(() => this.fail(t, new TransferError('timeout', 'no INVITE for this offer')), this.announceWaitMs);
  }

  /**
   * The phone's incoming filter: claims INVITEs that are file transfers (true), leaves calls alone
   * (false). Transfers nobody announced are turned away after ANNOUNCE_WAIT_MS.
   */
  claim(session: SessionLike, request: InviteLike): boolean {
    const id = transferIdFromPurpose(request.getHeader(PURPOSE_HEADER));
    if (!id) return false;
    const peer = request.from?.uri?.user ?? '';
    const existing = this.transfers.get(id);
    if (existing && (existing.snap.direction !== 'incoming' || existing.snap.peer !== peer || existing.session)) {
      session.terminate({ status_code: 403, reason_phrase: 'Unannounced File Transfer' });
      return true;
    }
    if (existing && this.isOver(existing)) {
      // Refused on the offer already (too large) or the offer expired.
      const tooLarge = existing.snap.failure === 'too-large';
      session.terminate(tooLarge ? { status_code: 413, reason_phrase: 'File Too Large' } : { status_code: 410, reason_phrase: 'Gone' });
      return true;
    }
    const t = existing ?? this.add(this.incomingSnapshot(id, peer, null));
    t.session = session;
    clearTimeout(t.timer);
    this.watchSession(t, session);
    if (t.offer) this.decide(t);
    else {
      t.timer = setTimeout(() => {
        if (t.offer) return;
        // Over before the session's own 'failed' arrives, and quietly: no chat message refers to it.
        t.snap = { ...t.snap, state: 'failed', failure: 'unannounced' };
        this.terminate(t, { status_code: 403, reason_phrase: 'Unannounced File Transfer' });
        this.transfers.delete(id);
      }, this.announceWaitMs);
    }
    return true;
  }

  /** The person accepts a waiting incoming file. */
  accept(id: string): void {
    const t = this.transfers.get(id);
    if (t?.snap.direction === 'incoming' && t.snap.state === 'waiting' && t.session) this.answer(t);
  }

  /** The person declines a waiting incoming file (603 to the sender). */
  decline(id: string): void {
    const t = this.transfers.get(id);
    if (!t || t.snap.direction !== 'incoming' || t.snap.state !== 'waiting') return;
    // Settled first: terminate() emits the session's own 'failed' at once.
    this.settle(t, { state: 'cancelled', cancelledBy: 'me' });
    this.terminate(t, { status_code: 603, reason_phrase: 'Declined' });
  }

  /** Stops a transfer from this side, whatever stage it is in; the far end sees it stop too. */
  cancel(id: string): void {
    const t = this.transfers.get(id);
    if (!t || this.isOver(t)) return;
    if (t.snap.direction === 'incoming' && t.snap.state === 'waiting') return this.decline(id);
    this.settle(t, { state: 'cancelled', cancelledBy: 'me' });
    t.worker?.cancel();
    this.terminate(t);
  }

  /** Forget a finished transfer (its message was deleted, say). */
  forget(id: string): void {
    const t = this.transfers.get(id);
    if (t && !this.isOver(t)) this.cancel(id);
    this.transfers.delete(id);
  }

  // ---- sender ----

  private async prepareAndCall(t: Transfer, target: string, file: Blob): Promise<void> {
    let sha256: string;
    try {
      sha256 = await hashBlob(file, (done) => this.progress(t, done), t.abort.signal);
    } catch (error) {
      if (!this.isOver(t)) this.fail(t, new TransferError('read', String(error)));
      return;
    }
    if (this.isOver(t)) return;
    const ua = this.deps.ua();
    if (!ua) return this.fail(t, new TransferError('not-registered'));
    const offer: FileOffer = { transferId: t.snap.id, name: t.snap.name, size: file.size, mime: t.snap.mime, sha256 };
    t.offer = offer;
    this.update(t, { state: 'connecting', bytes: 0 });
    const { pcConfig, gate } = this.deps.ice();
    const iceGate = new IceGate(gate);
    let session: SessionLike;
    try {
      session = ua.call(target, {
        mediaConstraints: DATA_ONLY,
        pcConfig,
        extraHeaders: [`${PURPOSE_HEADER}: file-transfer; id=${t.snap.id}`],
        eventHandlers: {
          // Before the offer is made, so the SDP carries the m=application line.
          peerconnection: ({ peerconnection }: { peerconnection: RTCPeerConnection }) => {
            t.channel = peerconnection.createDataChannel(CHANNEL_LABEL, { ordered: true });
          },
          icecandidate: (e: { candidate: RTCIceCandidate; ready: () => void }) => iceGate.onCandidate(e.candidate.candidate, e.ready),
        },
      });
    } catch (error) {
      return this.fail(t, new TransferError('connection', String(error)));
    }
    t.session = session;
    this.watchSession(t, session);
    session.on('progress', () => {
      if (t.rang || this.isOver(t)) return;
      t.rang = true;
      this.update(t, { state: 'waiting' });
      t.timer = setTimeout(() => this.giveUp(t, new TransferError('timeout', 'not accepted in time')), this.acceptWaitMs);
      this.deps.announce(t.snap.peer, offer).then(
        () => !this.isOver(t) && this.update(t, { announced: true }),
        (error) => this.giveUp(t, new TransferError('announce', String(error))),
      );
    });
    session.on('accepted', () => {
      clearTimeout(t.timer);
      if (this.isOver(t) || !t.channel) return;
      this.update(t, { state: 'transferring' });
      const sender = new FileSender(t.channel, file, offer, { onProgress: (b) => this.progress(t, b), stallMs: this.deps.stallMs });
      t.worker = sender;
      sender.run().then(
        () => {
          this.settle(t, { state: 'done', bytes: file.size });
          this.terminate(t);
        },
        (error: TransferError) => this.ended(t, error),
      );
    });
  }

  // ---- receiver ----

  private incomingSnapshot(id: string, peer: string, offer: FileOffer | null): TransferSnapshot {
    return {
      id,
      direction: 'incoming',
      peer,
      name: offer ? safeFileName(offer.name) : '',
      size: offer?.size ?? 0,
      mime: offer?.mime ?? '',
      state: 'connecting',
      failure: null,
      cancelledBy: null,
      bytes: 0,
      file: null,
      announced: offer !== null,
    };
  }

  /** Offer and INVITE are both here: answer, or wait for the person. */
  private decide(t: Transfer): void {
    if (!t.session || !t.offer || this.isOver(t)) return;
    clearTimeout(t.timer);
    if (t.offer.size > MAX_FILE_BYTES) {
      this.fail(t, new TransferError('too-large'));
      return this.terminate(t, { status_code: 413, reason_phrase: 'File Too Large' });
    }
    if (t.offer.size <= this.autoAcceptBytes) this.answer(t);
    else this.update(t, { state: 'waiting' });
  }

  private answer(t: Transfer): void {
    const { session, offer } = t;
    if (!session || !offer) return;
    this.update(t, { state: 'transferring' });
    const { pcConfig, gate } = this.deps.ice();
    const iceGate = new IceGate(gate);
    session.on('icecandidate', (e: { candidate: RTCIceCandidate; ready: () => void }) => iceGate.onCandidate(e.candidate.candidate, e.ready));
    session.on('peerconnection', ({ peerconnection }: { peerconnection: RTCPeerConnection }) => {
      peerconnection.addEventListener('datachannel', (event) => {
        if (event.channel.label !== CHANNEL_LABEL || t.worker || this.isOver(t)) return;
        t.channel = event.channel;
        const receiver = new FileReceiver(event.channel, offer, { onProgress: (b) => this.progress(t, b), stallMs: this.deps.stallMs });
        t.worker = receiver;
        receiver.run().then(
          (file) => this.settle(t, { state: 'done', bytes: file.size, file }),
          (error: TransferError) => this.ended(t, error),
        );
      });
    });
    try {
      session.answer({ mediaConstraints: DATA_ONLY, pcConfig });
    } catch (error) {
      this.fail(t, new TransferError('connection', String(error)));
    }
    // No channel at all (ICE failed quietly) must not hang the transfer.
    t.timer = setTimeout(() => !t.worker && this.giveUp(t, new TransferError('timeout', 'no data channel')), this.stallMs);
  }

  // ---- both ----

  private watchSession(t: Transfer, session: SessionLike): void {
    session.on('failed', (e: { originator?: string; cause?: string; message?: { status_code?: number; reason_phrase?: string } }) => {
      if (this.isOver(t)) return;
      this.fail(t, this.sessionFailure(t, e));
    });
    session.on('ended', (e: { originator?: string }) => {
      if (this.isOver(t)) return;
      // A BYE before the verdict: the far end stopped (its cancel message may still be on the way).
      t.worker?.cancel();
      if (e.originator === 'remote') this.settle(t, { state: 'cancelled', cancelledBy: 'peer' });
      else this.fail(t, new TransferError('connection', 'session ended'));
    });
  }

  private sessionFailure(t: Transfer, e: { originator?: string; cause?: string; message?: { status_code?: number; reason_phrase?: string } }): TransferError {
    const code = e.message?.status_code;
    if (t.snap.direction === 'incoming') {
      if (e.originator === 'remote' || e.cause === 'Canceled') return new TransferError('cancelled-by-peer');
      // JsSIP's no-answer timer: nobody pressed Accept in time.
      return new TransferError(e.cause === 'No Answer' ? 'timeout' : 'connection', e.cause);
    }
    if (code === 413) return new TransferError('too-large');
    if (code === 403 && /unannounced/i.test(e.message?.reason_phrase ?? '')) return new TransferError('unannounced');
    const failure = failureFromJsSip(e.cause, code, e.message?.reason_phrase, 'call');
    switch (failure.kind) {
      case 'not-found':
      case 'unavailable':
      case 'timeout':
        // After a 180 the peer was there: a 408/480 now means nobody accepted in time.
        return new TransferError(t.rang ? 'timeout' : 'offline', failure.detail);
      case 'no-answer':
        return new TransferError('timeout', failure.detail);
      case 'busy':
        return new TransferError('busy');
      case 'declined':
        return new TransferError('declined');
      case 'incompatible':
        return new TransferError('unsupported', failure.detail);
      case 'transport':
        return new TransferError('not-registered');
      default:
        return new TransferError('connection', failure.detail ?? e.cause);
    }
  }

  /** A worker (sender or receiver) stopped early. */
  private ended(t: Transfer, error: TransferError, waited = false): void {
    if (this.isOver(t)) return;
    if (!waited && error.reason === 'connection' && t.session && !t.session.isEnded()) {
      // A far end that cancels closes its peer connection, which drops the channel here before its
      // BYE has come through the proxy (and before its cancel message, queued behind data): give
      // the BYE a moment to say it was a cancel, not a broken connection.
      setTimeout(() => this.ended(t, error, true), CLOSE_GRACE_MS);
      return;
    }
    this.fail(t, error);
    this.terminate(t);
  }

  /** Our side gives up (timeout, announce failed): tell the far end and stop. */
  private giveUp(t: Transfer, error: TransferError): void {
    if (this.isOver(t)) return;
    const early = t.snap.direction === 'incoming' && t.snap.state !== 'transferring';
    this.fail(t, error);
    t.worker?.cancel();
    this.terminate(t, early ? { status_code: 408 } : undefined);
  }

  private fail(t: Transfer, error: TransferError): void {
    if (error.reason === 'cancelled') return this.settle(t, { state: 'cancelled', cancelledBy: 'me' });
    if (error.reason === 'cancelled-by-peer') return this.settle(t, { state: 'cancelled', cancelledBy: 'peer' });
    if (error.message !== error.reason) console.warn(`file transfer ${t.snap.id} failed:`, error.message);
    this.settle(t, { state: 'failed', failure: error.reason });
  }

  private terminate(t: Transfer, options?: { status_code?: number; reason_phrase?: string }): void {
    const s = t.session;
    if (!s || s.isEnded()) return;
    try {
      s.terminate(options);
    } catch (error) {
      // Already on its way out (a BYE crossed ours); nothing left to stop.
      console.debug('file transfer session already ending', error);
    }
  }

  private progress(t: Transfer, bytes: number): void {
    if (this.isOver(t)) return;
    t.snap = { ...t.snap, bytes };
    const now = Date.now();
    if (now - t.lastEmit >= PROGRESS_EVERY_MS) {
      t.lastEmit = now;
      this.emit('change', t.snap);
    }
  }

  private add(snap: TransferSnapshot): Transfer {
    const t: Transfer = {
      snap,
      offer: null,
      session: null,
      channel: null,
      worker: null,
      timer: undefined,
      abort: new AbortController(),
      lastEmit: 0,
      rang: false,
    };
    this.transfers.set(snap.id, t);
    this.emit('change', snap);
    return t;
  }

  private update(t: Transfer, patch: Partial<TransferSnapshot>): void {
    if (this.isOver(t)) return;
    t.snap = { ...t.snap, ...patch };
    t.lastEmit = Date.now();
    this.emit('change', t.snap);
  }

  private settle(t: Transfer, patch: Partial<TransferSnapshot>): void {
    if (this.isOver(t)) return;
    clearTimeout(t.timer);
    t.abort.abort();
    t.snap = { ...t.snap, ...patch };
    this.emit('change', t.snap);
  }

  private isOver(t: Transfer): boolean {
    const s = t.snap.state;
    return s === 'done' || s === 'failed' || s === 'cancelled';
  }

  private get stallMs(): number {
    return this.deps.stallMs ?? 30_000;
  }

  private get announceWaitMs(): number {
    return this.deps.announceWaitMs ?? ANNOUNCE_WAIT_MS;
  }

  private get acceptWaitMs(): number {
    return this.deps.acceptWaitMs ?? ACCEPT_WAIT_MS;
  }

  private get autoAcceptBytes(): number {
    return this.deps.autoAcceptBytes ?? AUTO_ACCEPT_BYTES;
  }
}
