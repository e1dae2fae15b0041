import { describe, expect, it, vi } from 'vitest';
import { VideoState, isVideoTransceiver } from '../../../../src-renderer/telephony/video-state';
import { FakePeerConnection, FakeStream, FakeTrack, FakeTransceiver, asPc, asStream, asTrack } from '../support/fakes';

const camera = () => new FakeTrack('camera', 'video');

function setup(offered = false) {
  const changed = vi.fn();
  const video = new VideoState(offered, changed);
  const pc = FakePeerConnection.audioCall();
  return { video, changed, pc };
}

/** The far end's offer had video, and we answered without a camera: a receive-only video m-line. */
function withRecvOnlyVideo(pc: FakePeerConnection): FakeTransceiver {
  const t = new FakeTransceiver('video', { direction: 'recvonly' });
  t.currentDirection = 'recvonly';
  pc.transceivers.push(t);
  return t;
}

describe('VideoState: snapshot', () => {
  it('starts with nothing on, remembering whether the far end offered video', () => {
    expect(new VideoState(true, () => undefined).snapshot()).toEqual({ offered: true, sending: false, receiving: false, unavailable: false });
    expect(new VideoState(false, () => undefined).snapshot().offered).toBe(false);
  });

  it('noteCamera: a call that starts with a camera is sending', () => {
    const { video } = setup();
    const cam = camera();
    video.noteCamera(asTrack(cam));
    expect(video.snapshot().sending).toBe(true);
    expect(video.camera).toBe(cam);
    video.noteCamera(null);
    expect(video.snapshot().sending).toBe(false);
  });

  it('isVideoTransceiver goes by the receiver track kind', () => {
    expect(isVideoTransceiver(new FakeTransceiver('video') as unknown as RTCRtpTransceiver)).toBe(true);
    expect(isVideoTransceiver(new FakeTransceiver('audio') as unknown as RTCRtpTransceiver)).toBe(false);
  });
});

describe('VideoState: attachCamera', () => {
  it('reuses the receive-only video transceiver the far end opened, turning it sendrecv', () => {
    const { video, changed, pc } = setup(true);
    const recv = withRecvOnlyVideo(pc);
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    expect(pc.addTransceiver).not.toHaveBeenCalled();
    expect(recv.sender.replaceTrack).toHaveBeenCalledExactlyOnceWith(cam);
    expect(recv.direction).toBe('sendrecv');
    expect(video.snapshot().sending).toBe(true);
    expect(changed).toHaveBeenCalled();
  });

  it('adds a sendrecv transceiver carrying the call stream when there is none to reuse', () => {
    const { video, pc } = setup();
    const cam = camera();
    const stream = new FakeStream();
    video.attachCamera(asPc(pc), asTrack(cam), asStream(stream));
    expect(pc.addTransceiver).toHaveBeenCalledExactlyOnceWith(cam, { direction: 'sendrecv', streams: [stream] });
    video.detachCamera(asPc(pc));
    const next = camera();
    // Without a stream (the call adopted none) the transceiver gets no stream ids.
    const other = setup();
    other.video.attachCamera(asPc(other.pc), asTrack(next), null);
    expect(other.pc.addTransceiver).toHaveBeenCalledWith(next, { direction: 'sendrecv', streams: [] });
  });

  it('does not reuse a stopped video transceiver (rejected m-line) nor one already sending', () => {
    const { video, pc } = setup();
    const stopped = new FakeTransceiver('video');
    stopped.currentDirection = 'stopped';
    const busy = new FakeTransceiver('video', { sending: new FakeTrack('screen', 'video') });
    pc.transceivers.push(stopped, busy);
    video.attachCamera(asPc(pc), asTrack(camera()), null);
    expect(pc.addTransceiver).toHaveBeenCalledOnce();
    expect(stopped.sender.replaceTrack).not.toHaveBeenCalled();
    expect(busy.sender.replaceTrack).not.toHaveBeenCalled();
  });

  it('a new camera replaces (and stops) the previous one, and clears an earlier fall-back', () => {
    const { video, pc } = setup();
    const first = camera();
    video.attachCamera(asPc(pc), asTrack(first), null);
    pc.settle((t) => (t.receiver.track.kind === 'video' ? 'stopped' : t.direction));
    video.refresh(asPc(pc));
    expect(video.snapshot().unavailable).toBe(true);
    const second = camera();
    video.attachCamera(asPc(pc), asTrack(second), null);
    expect(video.snapshot()).toMatchObject({ sending: true, unavailable: false });
    const third = camera();
    video.attachCamera(asPc(pc), asTrack(third), null);
    expect(second.stop).toHaveBeenCalled();
    expect(video.camera).toBe(third);
  });
});

describe('VideoState: detachCamera', () => {
  it('false, and nothing touched, when the camera was not on', () => {
    const { video, changed, pc } = setup();
    expect(video.detachCamera(asPc(pc))).toBe(false);
    expect(changed).not.toHaveBeenCalled();
  });

  it('stops sending but keeps receiving: sendrecv becomes recvonly', () => {
    const { video, pc, changed } = setup();
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    pc.settle();
    const t = pc.videoTransceivers[0]!;
    expect(t.currentDirection).toBe('sendrecv');
    changed.mockClear();
    expect(video.detachCamera(asPc(pc))).toBe(true);
    expect(t.sender.replaceTrack).toHaveBeenLastCalledWith(null);
    expect(t.direction).toBe('recvonly');
    expect(cam.stop).toHaveBeenCalled();
    expect(video.snapshot().sending).toBe(false);
    expect(changed).toHaveBeenCalledOnce();
  });

  it('a video m-line the far end only received on becomes inactive', () => {
    const { video, pc } = setup();
    video.attachCamera(asPc(pc), asTrack(camera()), null);
    pc.settle((t) => (t.receiver.track.kind === 'video' ? 'sendonly' : t.direction));
    video.detachCamera(asPc(pc));
    expect(pc.videoTransceivers[0]!.direction).toBe('inactive');
  });

  it('before any answer (currentDirection null) it goes inactive; a stopped one is left alone', () => {
    const { video, pc } = setup();
    video.attachCamera(asPc(pc), asTrack(camera()), null);
    video.detachCamera(asPc(pc));
    expect(pc.videoTransceivers[0]!.direction).toBe('inactive');

    const other = setup();
    other.video.attachCamera(asPc(other.pc), asTrack(camera()), null);
    const t = other.pc.videoTransceivers[0]!;
    t.currentDirection = 'stopped';
    t.direction = 'stopped';
    other.video.detachCamera(asPc(other.pc));
    expect(t.direction).toBe('stopped');
  });
});

describe('VideoState: refresh after a negotiation', () => {
  it('receiving follows the video m-lines the far end sends on', () => {
    const { video, pc, changed } = setup(true);
    const t = withRecvOnlyVideo(pc);
    video.refresh(asPc(pc));
    expect(video.snapshot().receiving).toBe(true);
    expect(changed).toHaveBeenCalledOnce();
    video.refresh(asPc(pc));
    expect(changed).toHaveBeenCalledOnce(); // nothing new, no change event
    t.currentDirection = 'inactive';
    video.refresh(asPc(pc));
    expect(video.snapshot().receiving).toBe(false);
  });

  it('audio transceivers do not count as video', () => {
    const { video, pc } = setup();
    video.refresh(asPc(pc)); // one sendrecv audio m-line
    expect(video.snapshot().receiving).toBe(false);
  });

  it('our video accepted both ways: sending and receiving, not unavailable', () => {
    const { video, pc } = setup();
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    pc.settle();
    video.refresh(asPc(pc));
    expect(video.snapshot()).toMatchObject({ sending: true, receiving: true, unavailable: false });
    expect(cam.stop).not.toHaveBeenCalled();
  });

  it('the far end rejected our video m-line (port 0 → stopped): unavailable, camera stopped, track left alone', () => {
    const { video, pc, changed } = setup();
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    const t = pc.videoTransceivers[0]!;
    pc.settle((x) => (x === t ? 'stopped' : x.direction));
    changed.mockClear();
    video.refresh(asPc(pc));
    expect(video.snapshot()).toEqual({ offered: false, sending: false, receiving: false, unavailable: true });
    expect(cam.stop).toHaveBeenCalled();
    expect(video.camera).toBeNull();
    expect(t.sender.replaceTrack).not.toHaveBeenCalled(); // a stopped transceiver cannot take a track
    expect(changed).toHaveBeenCalledOnce();
  });

  // Once the answer rejects our video m-line (m=video 0), Chromium removes the transceiver from
  // getTransceivers() rather than leaving one 'stopped' (found with baresip in
  // tests/e2e/video-fallback.spec.ts): no transceiver carrying the camera after an answer = rejected.
  it('the far end rejected our video m-line and the browser removed the stopped transceiver: unavailable', () => {
    const { video, pc } = setup();
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    const t = pc.videoTransceivers[0]!;
    pc.settle((x) => (x === t ? 'stopped' : x.direction));
    pc.dropStopped();
    video.refresh(asPc(pc));
    expect(video.snapshot()).toMatchObject({ sending: false, unavailable: true });
    expect(cam.stop).toHaveBeenCalled();
  });

  it('a camera not yet on any transceiver before any answer is not judged', () => {
    const { video } = setup();
    const pc = new FakePeerConnection(); // nothing negotiated: remoteDescription null
    const cam = camera();
    video.noteCamera(asTrack(cam));
    video.refresh(asPc(pc));
    expect(video.snapshot()).toMatchObject({ sending: true, unavailable: false });
  });

  it.each(['recvonly', 'inactive'] as const)('the far end cannot take our video (%s): falls back and stops sending', (dir) => {
    const { video, pc } = setup();
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    const t = pc.videoTransceivers[0]!;
    pc.settle((x) => (x === t ? dir : x.direction));
    video.refresh(asPc(pc));
    expect(video.snapshot()).toMatchObject({ sending: false, unavailable: true, receiving: dir === 'recvonly' });
    expect(t.sender.replaceTrack).toHaveBeenCalledWith(null);
    expect(cam.stop).toHaveBeenCalled();
  });

  it('judges nothing before the answer: have-local-offer, or currentDirection still null', () => {
    const { video, pc } = setup();
    const cam = camera();
    video.attachCamera(asPc(pc), asTrack(cam), null);
    const t = pc.videoTransceivers[0]!;
    pc.signalingState = 'have-local-offer';
    t.currentDirection = 'inactive'; // an old verdict, the new offer is out
    video.refresh(asPc(pc));
    expect(video.snapshot()).toMatchObject({ sending: true, unavailable: false });
    pc.signalingState = 'stable';
    t.currentDirection = null; // the offer was never answered
    video.refresh(asPc(pc));
    expect(video.snapshot()).toMatchObject({ sending: true, unavailable: false });
    expect(cam.stop).not.toHaveBeenCalled();
  });

  it('a connection without getTransceivers (closed, or an old fake) reads as nothing', () => {
    const { video } = setup();
    expect(() => video.refresh({ signalingState: 'stable' } as unknown as RTCPeerConnection)).not.toThrow();
    expect(video.snapshot().receiving).toBe(false);
  });
});

describe('VideoState: dispose', () => {
  it('stops the camera and forgets it', () => {
    const { video, pc } = setup();
    const cam = camera();
    withRecvOnlyVideo(pc);
    video.attachCamera(asPc(pc), asTrack(cam), null);
    pc.settle();
    video.refresh(asPc(pc));
    video.dispose();
    expect(cam.stop).toHaveBeenCalled();
    expect(video.snapshot()).toMatchObject({ sending: false, receiving: false });
  });
});
