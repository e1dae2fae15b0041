/**
 * Just enough of a SIP UA over UDP to exercise the test PBX from Node:
 * digest auth, REGISTER, MESSAGE, INVITE/ACK/BYE with a route set.
 * Not a general SIP stack: no retransmissions (loopback does not drop).
 */
import crypto from 'node:crypto';
import dgram from 'node:dgram';

export interface SipMsg {
  first: string;
  status?: number;
  method?: string;
  uri?: string;
  headers: Array<[string, string]>;
  body: string;
  raw: string;
}

const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type' };

export function parse(raw: string): SipMsg {
  const sep = raw.indexOf('\r\n\r\n');
  const head = sep >= 0 ? raw.slice(0, sep) : raw;
  const body = sep >= 0 ? raw.slice(sep + 4) : '';
  const [first = '', ...lines] = head.split('\r\n');
  const headers: Array<[string, string]> = [];
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i < 0) continue;
    const n = l.slice(0, i).trim().toLowerCase();
    headers.push([COMPACT[n] ?? n, l.slice(i + 1).trim()]);
  }
  const m: SipMsg = { first, headers, body, raw };
  const st = /^SIP\/2\.0 (\d{3})/.exec(first);
  if (st) m.status = Number(st[1]);
  else [m.method, m.uri] = first.split(' ');
  return m;
}

export const hdr = (m: SipMsg, name: string) => m.headers.find(([n]) => n === name)?.[1];
export const hdrs = (m: SipMsg, name: string) => m.headers.filter(([n]) => n === name).map(([, v]) => v);
const rnd = () => crypto.randomBytes(6).toString('hex');
const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');
const uriOf = (nameAddr: string) => /<([^>]+)>/.exec(nameAddr)?.[1] ?? nameAddr.split(';')[0]!;
const tagOf = (nameAddr: string) => /;tag=([^;>\s]+)/.exec(nameAddr)?.[1];

export interface Dialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  localUri: string;
  remoteUri: string;
  target: string;
  routes: string[];
  cseq: number;
}

/** Message transport under the UA: UDP socket, or a WebSocket (see wsclient.ts). */
export interface Transport {
  /** Via sent-by / Contact host:port, and Via transport token */
  viaHost: string;
  viaProto: 'UDP' | 'WS';
  contactParams: string;
  send(text: string): void;
  onMessage(cb: (text: string) => void): void;
  close(): void;
}

export async function udpTransport(pbxPort: number): Promise<Transport> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  return {
    viaHost: `127.0.0.1:${sock.address().port}`,
    viaProto: 'UDP',
    contactParams: '',
    send: (t) => sock.send(t, pbxPort, '127.0.0.1'),
    onMessage: (cb) => sock.on('message', (b) => cb(b.toString())),
    close: () => sock.close(),
  };
}

export class SipUa {
  private t!: Transport;
  received: SipMsg[] = [];
  onRequest: (m: SipMsg) => { status: number; reason: string; body?: string; contentType?: string } | null = (m) =>
    m.method === 'ACK' ? null : { status: 200, reason: 'OK' };
  private pending = new Map<string, (m: SipMsg) => void>();
  private waiters: Array<{ pred: (m: SipMsg) => boolean; resolve: (m: SipMsg) => void }> = [];

  constructor(
    readonly user: string,
    readonly password: string,
    readonly pbxPort: number,
    private makeTransport: () => Promise<Transport> = () => udpTransport(pbxPort),
  ) {}

  get aor() {
    return `sip:${this.user}@127.0.0.1`;
  }
  get contact() {
    return `<sip:${this.user}@${this.t.viaHost}${this.t.contactParams}>`;
  }
  private get via() {
    return `SIP/2.0/${this.t.viaProto} ${this.t.viaHost}`;
  }

  async open(): Promise<this> {
    this.t = await this.makeTransport();
    this.t.onMessage((text) => this.handle(parse(text)));
    return this;
  }

  close() {
    this.t.close();
  }

  sendRaw(text: string) {
    this.t.send(text);
  }

  /** Resolves with the next received request matching pred (also looks at already received ones). */
  waitRequest(pred: (m: SipMsg) => boolean, timeoutMs = 3000): Promise<SipMsg> {
    const hit = this.received.find(pred);
    if (hit) {
      this.received.splice(this.received.indexOf(hit), 1);
      return Promise.resolve(hit);
    }
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (m: SipMsg) => (clearTimeout(t), resolve(m)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`${this.user}: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  private handle(m: SipMsg) {
    if (m.status !== undefined) {
      const branch = /branch=([^;\s,]+)/.exec(hdr(m, 'via') ?? '')?.[1] ?? '';
      const isCancel = / CANCEL$/.test(hdr(m, 'cseq') ?? '');
      this.pending.get(isCancel ? `${branch}-cancel` : branch)?.(m);
      return;
    }
    const w = this.waiters.find((x) => x.pred(m));
    if (w) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(m);
    } else {
      this.received.push(m);
    }
    const r = this.onRequest(m);
    if (r) this.reply(m, r.status, r.reason, r.body, r.contentType);
  }

  toTag = rnd();
  reply(req: SipMsg, status: number, reason: string, body = '', contentType = 'application/sdp') {
    const lines = [`SIP/2.0 ${status} ${reason}`];
    for (const v of hdrs(req, 'via')) lines.push(`Via: ${v}`);
    for (const v of hdrs(req, 'record-route')) lines.push(`Record-Route: ${v}`);
    const to = hdr(req, 'to') ?? '';
    lines.push(`From: ${hdr(req, 'from')}`, `To: ${to}${tagOf(to) || status === 100 ? '' : `;tag=${this.toTag}`}`);
    lines.push(`Call-ID: ${hdr(req, 'call-id')}`, `CSeq: ${hdr(req, 'cseq')}`, `Contact: ${this.contact}`);
    if (body) lines.push(`Content-Type: ${contentType}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
    this.sendRaw(lines.join('\r\n'));
  }

  /** Sends a request and resolves with the final response; answers one 401/407 challenge if auth is true. */
  async request(
    method: string,
    uri: string,
    o: { to?: string; callId?: string; cseq?: number; fromTag?: string; toTag?: string; routes?: string[]; headers?: string[]; body?: string; contentType?: string; auth?: boolean; password?: string; expires?: number; onSent?: (branch: string, cseq: number, callId: string, fromTag: string) => void } = {},
  ): Promise<SipMsg> {
    const callId = o.callId ?? `${rnd()}@127.0.0.1`;
    const fromTag = o.fromTag ?? rnd();
    let cseq = o.cseq ?? 1;
    let authz: string | undefined;
    for (let attempt = 0; ; attempt++) {
      const branch = `z9hG4bK${rnd()}`;
      const lines = [
        `${method} ${uri} SIP/2.0`,
        `Via: ${this.via};branch=${branch};rport`,
        'Max-Forwards: 70',
        ...(o.routes ?? []).map((r) => `Route: ${r}`),
        `From: <${this.aor}>;tag=${fromTag}`,
        `To: <${o.to ?? uri}>${o.toTag ? `;tag=${o.toTag}` : ''}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} ${method}`,
        `Contact: ${this.contact}`,
        ...(o.expires !== undefined ? [`Expires: ${o.expires}`] : []),
        ...(o.headers ?? []),
        ...(authz ? [authz] : []),
      ];
      const body = o.body ?? '';
      if (body) lines.push(`Content-Type: ${o.contentType ?? 'text/plain'}`);
      lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
      const res = await new Promise<SipMsg>((resolve, reject) => {
        const t = setTimeout(() => {
          this.pending.delete(branch);
          reject(new Error(`${method} ${uri}: no final response`));
        }, 5000);
        this.pending.set(branch, (m) => {
          if ((m.status ?? 0) < 200) return;
          clearTimeout(t);
          this.pending.delete(branch);
          resolve(m);
        });
        this.sendRaw(lines.join('\r\n'));
        o.onSent?.(branch, cseq, callId, fromTag);
      });
      const chal = res.status === 401 ? hdr(res, 'www-authenticate') : res.status === 407 ? hdr(res, 'proxy-authenticate') : undefined;
      if (chal && o.auth !== false && attempt === 0) {
        const realm = /realm="([^"]*)"/.exec(chal)?.[1] ?? '';
        const nonce = /nonce="([^"]*)"/.exec(chal)?.[1] ?? '';
        const cnonce = rnd();
        const ha1 = md5(`${this.user}:${realm}:${o.password ?? this.password}`);
        const resp = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
        const name = res.status === 401 ? 'Authorization' : 'Proxy-Authorization';
        authz = `${name}: Digest username="${this.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${resp}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"`;
        if (method === 'INVITE') this.ack(res, uri, callId, fromTag, cseq);
        cseq++;
        continue;
      }
      return res;
    }
  }

  register(o: { password?: string; expires?: number } = {}) {
    return this.request('REGISTER', 'sip:127.0.0.1', { to: this.aor, expires: o.expires ?? 300, ...o });
  }

  /** CANCEL for a pending INVITE (same branch, CSeq number and tags). */
  cancel(uri: string, branch: string, cseq: number, callId: string, fromTag: string): Promise<SipMsg> {
    return new Promise((resolve) => {
      this.pending.set(`${branch}-cancel`, resolve);
      this.sendRaw(
        [`CANCEL ${uri} SIP/2.0`, `Via: ${this.via};branch=${branch};rport`, 'Max-Forwards: 70', `From: <${this.aor}>;tag=${fromTag}`, `To: <${uri}>`, `Call-ID: ${callId}`, `CSeq: ${cseq} CANCEL`, 'Content-Length: 0', '', ''].join('\r\n'),
      );
    });
  }

  /** ACK for a non-2xx final response (same branch as the INVITE is not needed by Kamailio's tm). */
  private ack(res: SipMsg, uri: string, callId: string, fromTag: string, cseq: number) {
    const via = hdr(res, 'via') ?? '';
    this.sendRaw(
      [`ACK ${uri} SIP/2.0`, `Via: ${via}`, 'Max-Forwards: 70', `From: <${this.aor}>;tag=${fromTag}`, `To: ${hdr(res, 'to')}`, `Call-ID: ${callId}`, `CSeq: ${cseq} ACK`, 'Content-Length: 0', '', ''].join('\r\n'),
    );
  }

  /** INVITE; on 2xx sends the ACK along the route set and returns the dialog. */
  async invite(target: string, sdp: string): Promise<{ res: SipMsg; dialog?: Dialog }> {
    const callId = `${rnd()}@127.0.0.1`;
    const fromTag = rnd();
    const res = await this.request('INVITE', target, { callId, fromTag, body: sdp, contentType: 'application/sdp' });
    if (res.status! >= 300) return { res };
    const cseq = Number((hdr(res, 'cseq') ?? '1').split(' ')[0]);
    const dialog: Dialog = {
      callId,
      localTag: fromTag,
      remoteTag: tagOf(hdr(res, 'to') ?? '') ?? '',
      localUri: this.aor,
      remoteUri: uriOf(hdr(res, 'to') ?? ''),
      target: uriOf(hdr(res, 'contact') ?? ''),
      routes: hdrs(res, 'record-route').flatMap((v) => v.split(/,(?=\s*<)/)).map((s) => s.trim()).reverse(),
      cseq,
    };
    this.inDialog(dialog, 'ACK', { cseq });
    return { res, dialog };
  }

  inDialog(d: Dialog, method: string, o: { cseq?: number; headers?: string[]; body?: string; contentType?: string } = {}): Promise<SipMsg> | void {
    const cseq = o.cseq ?? ++d.cseq;
    if (method === 'ACK') {
      const lines = [
        `ACK ${d.target} SIP/2.0`,
        `Via: ${this.via};branch=z9hG4bK${rnd()};rport`,
        'Max-Forwards: 70',
        ...d.routes.map((r) => `Route: ${r}`),
        `From: <${d.localUri}>;tag=${d.localTag}`,
        `To: <${d.remoteUri}>;tag=${d.remoteTag}`,
        `Call-ID: ${d.callId}`,
        `CSeq: ${cseq} ACK`,
        'Content-Length: 0',
        '',
        '',
      ];
      this.sendRaw(lines.join('\r\n'));
      return;
    }
    return this.request(method, d.target, {
      callId: d.callId,
      fromTag: d.localTag,
      toTag: d.remoteTag,
      to: d.remoteUri,
      cseq,
      routes: d.routes,
      headers: o.headers,
      body: o.body,
      contentType: o.contentType,
    });
  }
}

export function sdpOffer(port: number): string {
  return ['v=0', `o=- ${Date.now()} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\r\n');
}
