/**
 * Minimal ws:// client (RFC 6455 text frames, subprotocol "sip") so the
 * selftests can act like JsSIP without a browser: Node 20 has no WebSocket
 * and the repo has no `ws` package.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import type { Transport } from './sipua';

/** HTTP upgrade only; resolves with the status line and headers. */
export function upgrade(port: number, protocol = 'sip'): Promise<{ socket: net.Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const key = crypto.randomBytes(16).toString('base64');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
      );
    });
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = buf.slice(0, end);
      const want = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
      if (!/^HTTP\/1\.1 101/.test(head) || !head.includes(want)) {
        socket.destroy();
        reject(new Error(`WebSocket upgrade refused:\n${head}`));
        return;
      }
      resolve({ socket, head });
    };
    socket.on('data', onData);
  });
}

function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

export async function wsTransport(port: number): Promise<Transport> {
  const { socket } = await upgrade(port);
  const host = `${crypto.randomBytes(4).toString('hex')}.invalid`; // like JsSIP
  let cb: (t: string) => void = () => {};
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (buf.length < 2) return;
      const op = buf[0]! & 0x0f;
      let len = buf[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      if (buf.length < off + len) return;
      const payload = buf.subarray(off, off + len);
      buf = buf.subarray(off + len);
      if (op === 1 || op === 2) cb(payload.toString());
      // server pings (websocket keepalive) need a pong, masked like every client frame
      if (op === 9) socket.write(Buffer.concat([Buffer.from([0x8a, 0x80]), crypto.randomBytes(4)]));
    }
  });
  return {
    viaHost: host,
    viaProto: 'WS',
    contactParams: ';transport=ws',
    send: (t) => socket.write(frame(t)),
    onMessage: (f) => (cb = f),
    close: () => socket.destroy(),
  };
}
