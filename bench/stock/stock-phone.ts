/**
 * JsSIP as it comes: default ICE settings, no `ready()`, the microphone opened inside call() and
 * answer(). The baseline that bench/call-setup compares Offhook against.
 */
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';

declare global {
  interface Window {
    stock: {
      start(ws: string, ext: string): Promise<void>;
      call(target: string): Promise<number>;
      autoAnswer(): void;
      hangUpAll(): void;
    };
  }
}

const sessions = new Set<RTCSession>();
let ua: JsSIP.UA;

window.stock = {
  start(ws, ext) {
    ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(ws)],
      uri: `sip:${ext}@127.0.0.1`,
      password: `pw${ext}`,
    });
    ua.on('newRTCSession', (e: { session: RTCSession }) => {
      sessions.add(e.session);
      e.session.on('ended', () => sessions.delete(e.session));
      e.session.on('failed', () => sessions.delete(e.session));
      e.session.on('peerconnection', (p: { peerconnection: RTCPeerConnection }) => {
        p.peerconnection.addEventListener('track', (t) => {
          const el = new Audio();
          el.srcObject = new MediaStream([t.track]);
          void el.play();
        });
      });
    });
    return new Promise((resolve, reject) => {
      ua.on('registered', () => resolve());
      ua.on('registrationFailed', (e: { cause?: string }) => reject(new Error(e.cause ?? 'registration failed')));
      ua.start();
    });
  },
  call(target) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const session = ua.call(target, {
        mediaConstraints: { audio: true, video: false },
        eventHandlers: {
          confirmed: () => resolve(performance.now() - t0),
          failed: (e: { cause: string }) => reject(new Error(e.cause)),
        },
      });
      sessions.add(session);
    });
  },
  autoAnswer() {
    ua.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
      if (e.originator === 'remote') e.session.answer({ mediaConstraints: { audio: true, video: false } });
    });
  },
  hangUpAll() {
    for (const s of sessions) if (!s.isEnded()) s.terminate();
  },
};
