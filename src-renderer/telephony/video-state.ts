/**
 * A call's video (F2): whether we send our camera, whether the far end sends theirs, and the
 * fall-back to audio when the far end has no video. Read from the peer connection's video
 * transceivers after each negotiation, because that is where the answer's verdict lands.
 */
export interface VideoSnapshot {
  /** The far end's INVITE offered video (an incoming video call). */
  offered: boolean;
  /** Our camera is on in this call. */
  sending: boolean;
  /** The far end sends us video. */
  receiving: boolean;
  /** We sent video and the far end refused or cannot take it: the call went on as audio. */
  unavailable: boolean;
}

const SENDS = new Set<RTCRtpTransceiverDirection | null>(['sendrecv', 'sendonly']);
const RECEIVES = new Set<RTCRtpTransceiverDirection | null>(['sendrecv', 'recvonly']);

export function isVideoTransceiver(t: RTCRtpTransceiver): boolean {
  return t.receiver.track?.kind === 'video';
}

export class VideoState {
  camera: MediaStreamTrack | null = null;
  private receiving = false;
  private unavailable = false;

  constructor(
    private readonly offered: boolean,
    private readonly changed: () => void,
  ) {}

  snapshot(): VideoSnapshot {
    return { offered: this.offered, sending: this.camera !== null, receiving: this.receiving, unavailable: this.unavailable };
  }

  /** The call started with a camera track in its stream (video call, or answered with video). */
  noteCamera(track: MediaStreamTrack | null): void {
    this.camera = track;
    if (track) this.unavailable = false;
  }

  /** Puts the camera on the call's video m-line, reusing one the far end opened, else adding one. */
  attachCamera(pc: RTCPeerConnection, track: MediaStreamTrack, stream: MediaStream | null): void {
    this.camera?.stop();
    this.camera = track;
    this.unavailable = false;
    const reusable = pc.getTransceivers().find((t) => isVideoTransceiver(t) && !t.sender.track && t.currentDirection !== 'stopped');
    if (reusable) {
      void reusable.sender.replaceTrack(track);
      reusable.direction = 'sendrecv';
    } else {
      pc.addTransceiver(track, { direction: 'sendrecv', streams: stream ? [stream] : [] });
    }
    this.changed();
  }

  /** Takes the camera off the call; false when it was not on. Receiving the far end's video goes on. */
  detachCamera(pc: RTCPeerConnection): boolean {
    const camera = this.camera;
    if (!camera) return false;
    for (const t of pc.getTransceivers()) {
      if (t.sender.track !== camera) continue;
      void t.sender.replaceTrack(null);
      if (t.currentDirection !== 'stopped') t.direction = RECEIVES.has(t.currentDirection) ? 'recvonly' : 'inactive';
    }
    camera.stop();
    this.camera = null;
    this.changed();
    return true;
  }

  /** Re-reads the negotiated directions; call after each negotiation and when a track arrives. */
  refresh(pc: RTCPeerConnection): void {
    const video = (pc.getTransceivers?.() ?? []).filter(isVideoTransceiver);
    const receiving = video.some((t) => RECEIVES.has(t.currentDirection));
    let unavailable = this.unavailable;
    const camera = this.camera;
    if (camera && pc.signalingState === 'stable') {
      const mine = video.find((t) => t.sender.track === camera);
      // currentDirection is null until an answer was applied, 'stopped' when the answer rejected the
      // m-line (port 0) — and Chromium then removes the transceiver altogether, so none carrying
      // our camera after an answer means rejected too.
      const rejected = mine ? mine.currentDirection !== null && !SENDS.has(mine.currentDirection) : pc.remoteDescription !== null;
      if (rejected) {
        // The far end has no video or cannot take ours: go on as audio.
        if (mine && mine.currentDirection !== 'stopped') void mine.sender.replaceTrack(null);
        camera.stop();
        this.camera = null;
        unavailable = true;
      }
    }
    if (receiving !== this.receiving || unavailable !== this.unavailable || camera !== this.camera) {
      this.receiving = receiving;
      this.unavailable = unavailable;
      this.changed();
    }
  }

  dispose(): void {
    this.camera?.stop();
    this.camera = null;
    this.receiving = false;
  }
}
