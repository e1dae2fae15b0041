/**
 * Signalling selftest of the test PBX without a browser:
 *   npx tsx tests/pbx/selftest/basic.ts [--rtpengine]
 * Runs on ports 25060 (UDP) / 25066 (WS) so a dev instance on the defaults is
 * not disturbed (and the port overrides get exercised).
 */
import { startPbx, sipOptionsOk } from '../pbx';
import { SipUa, hdr, hdrs, sdpOffer, type SipMsg } from './sipua';
import { upgrade, wsTransport } from './wsclient';
import { parseMessageSummary } from '../../../src-renderer/telephony/voicemail';

const UDP = 25060;
const WS = 25066;
let failed = 0;
function check(name: string, ok: boolean, detail = '') {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `  (${detail})` : ''}`);
}
const status = (m: SipMsg) => `${m.status} ${m.first.slice(12)}`;

const pbx = await startPbx({ udpPort: UDP, wsPort: WS, rtpengine: process.argv.includes('--rtpengine'), ngPort: 25223, rtpPortMin: 25300, rtpPortMax: 25399 });
console.log(`PBX up in ${pbx.startMs} ms, log ${pbx.logFile}`);
const uas: SipUa[] = [];
const ua = async (user: string, pw = `pw${user}`, ws = false) => {
  const u = await new SipUa(user, pw, UDP, ws ? () => wsTransport(WS) : undefined).open();
  uas.push(u);
  return u;
};

try {
  // --- REGISTER / digest ---
  const a = await ua('1001');
  let r = await a.request('REGISTER', 'sip:127.0.0.1', { to: a.aor, expires: 300, auth: false });
  check('REGISTER without credentials -> 401', r.status === 401 && !!hdr(r, 'www-authenticate'), status(r));
  r = await a.register();
  check('REGISTER 1001/pw1001 -> 200', r.status === 200, status(r));
  const bad = await ua('1005', 'nope');
  r = await bad.register();
  check('REGISTER wrong password -> 403 after challenge', r.status === 403, status(r));
  const ghost = await ua('1099', 'pw1099');
  r = await ghost.register();
  check('REGISTER unknown user 1099 -> 403', r.status === 403, status(r));

  // --- out-of-dialog requests need 407 auth ---
  r = await a.request('OPTIONS', 'sip:1002@127.0.0.1', { auth: false });
  check('OPTIONS to a user without credentials -> 407', r.status === 407, status(r));

  // --- unregistered callee ---
  r = await a.request('INVITE', 'sip:1003@127.0.0.1', { body: sdpOffer(4000), contentType: 'application/sdp' });
  check('INVITE to unregistered 1003 -> 480', r.status === 480, status(r));
  r = await a.request('INVITE', 'sip:1099@127.0.0.1', { body: sdpOffer(4000), contentType: 'application/sdp' });
  check('INVITE to unknown 1099 -> 404', r.status === 404, status(r));

  // --- MESSAGE, online and offline (msilo) ---
  const b = await ua('1002');
  await b.register();
  r = await a.request('MESSAGE', 'sip:1002@127.0.0.1', { body: 'hello 1002' });
  const got = await b.waitRequest((m) => m.method === 'MESSAGE');
  check('MESSAGE to registered user delivered, 200', r.status === 200 && got.body === 'hello 1002', status(r));
  r = await a.request('MESSAGE', 'sip:1003@127.0.0.1', { body: 'stored for 1003' });
  check('MESSAGE to offline user -> 202 (msilo)', r.status === 202, status(r));
  const c = await ua('1003');
  const t0 = performance.now();
  await c.register();
  const dumped = await c.waitRequest((m) => m.method === 'MESSAGE');
  check('stored MESSAGE delivered on REGISTER (m_dump)', dumped.body.includes('stored for 1003') && (hdr(dumped, 'from') ?? '').includes('1001'), `${Math.round(performance.now() - t0)} ms, body "${dumped.body}"`);
  // Chat's shapes through msilo: Offhook's id/time headers survive (extra_hdrs_avp), a CPIM body keeps
  // its body; msilo's date prefix is expected in front of both (the client strips it).
  const e = await ua('1004');
  r = await a.request('MESSAGE', 'sip:1004@127.0.0.1', { body: 'chat text', headers: ['X-Offhook-Msg-Id: m-1', 'X-Offhook-Sent: 1700000000123'] });
  const cpimBody = 'From: <sip:1001@127.0.0.1>\r\nDateTime: 2024-01-02T03:04:05.678Z\r\nNS: OH <urn:x-offhook:chat:1>\r\nOH.Msg-Id: m-2\r\n\r\nContent-Type: text/plain;charset=utf-8\r\n\r\ncpim text';
  const r2 = await a.request('MESSAGE', 'sip:1004@127.0.0.1', { body: cpimBody, contentType: 'message/cpim' });
  check('chat MESSAGEs to offline user -> 202', r.status === 202 && r2.status === 202, `${status(r)}, ${status(r2)}`);
  const msgs: SipMsg[] = [];
  e.onRequest = (m) => {
    if (m.method === 'MESSAGE') msgs.push(m);
    return { status: 200, reason: 'OK' };
  };
  await e.register();
  for (let i = 0; i < 50 && msgs.length < 2; i++) await new Promise((res) => setTimeout(res, 50));
  // msilo dumps messages stored in the same second in no fixed order; the client orders by the
  // sender's own time (X-Offhook-Sent / CPIM DateTime), so only delivery and content count here.
  const first = msgs.find((m) => m.body.endsWith('chat text') && !m.body.includes('OH.Msg-Id'));
  const second = msgs.find((m) => m.body.includes('OH.Msg-Id: m-2'));
  check(
    'stored chat MESSAGE keeps X-Offhook-Msg-Id / X-Offhook-Sent',
    !!first && hdr(first, 'x-offhook-msg-id') === 'm-1' && hdr(first, 'x-offhook-sent') === '1700000000123' && first.body.endsWith('chat text'),
    first ? `body "${first.body}"` : 'nothing delivered',
  );
  // msilo labels a stored message/cpim with its inner part's type; the client recognises the CPIM body.
  check(
    'stored CPIM MESSAGE keeps its body (msilo says text/plain)',
    !!second && second.body.includes('OH.Msg-Id: m-2') && second.body.includes('NS: OH <urn:x-offhook:chat:1>') && second.body.endsWith('cpim text'),
    second ? `ct "${hdr(second, 'content-type')}", body "${second.body.slice(0, 60)}"` : 'nothing delivered',
  );

  // --- UDP <-> UDP call with in-dialog requests ---
  b.onRequest = (m) => (m.method === 'INVITE' ? { status: 200, reason: 'OK', body: sdpOffer(4002) } : m.method === 'ACK' ? null : { status: 200, reason: 'OK' });
  const call = await a.invite('sip:1002@127.0.0.1', sdpOffer(4000));
  const inv = await b.waitRequest((m) => m.method === 'INVITE');
  check('INVITE 1001 -> 1002 answered 200', call.res.status === 200 && !!call.dialog, status(call.res));
  check('INVITE record-routed by the PBX', hdrs(inv, 'record-route').some((v) => v.includes(`127.0.0.1:${UDP}`)) && !!call.dialog?.routes.length);
  check('UDP<->UDP SDP untouched', inv.body === sdpOffer(4000).replace(/o=- \d+/, inv.body.match(/o=- \d+/)?.[0] ?? '') || inv.body.includes('m=audio 4000 RTP/AVP 0 101'));
  const d = call.dialog!;
  await b.waitRequest((m) => m.method === 'ACK');
  check('ACK reached callee through the PBX', true);
  r = (await a.inDialog(d, 'INFO', { body: 'Signal=5\r\nDuration=160\r\n', contentType: 'application/dtmf-relay' }))!;
  const info = await b.waitRequest((m) => m.method === 'INFO');
  check('in-dialog INFO routed', r.status === 200 && hdrs(info, 'via').length === 2, status(r));
  r = (await a.inDialog(d, 'REFER', { headers: ['Refer-To: <sip:1003@127.0.0.1>', `Referred-By: <${a.aor}>`] }))!;
  check('in-dialog REFER routed', r.status === 200 && !!(await b.waitRequest((m) => m.method === 'REFER')), status(r));
  r = (await a.inDialog(d, 'UPDATE', { body: sdpOffer(4004), contentType: 'application/sdp' }))!;
  check('in-dialog UPDATE routed', r.status === 200 && !!(await b.waitRequest((m) => m.method === 'UPDATE')), status(r));
  // attended transfer: the transfer target sends INVITE with Replaces
  c.onRequest = b.onRequest;
  const repl = `Replaces: ${d.callId};to-tag=${d.remoteTag};from-tag=${d.localTag}`;
  const rc = await c.request('INVITE', 'sip:1002@127.0.0.1', { body: sdpOffer(4006), contentType: 'application/sdp', headers: [repl] });
  const invR = await b.waitRequest((m) => m.method === 'INVITE');
  check('INVITE with Replaces reaches the callee intact', rc.status === 200 && hdr(invR, 'replaces') === repl.slice(10), status(rc));
  r = (await a.inDialog(d, 'BYE'))!;
  const bye = await b.waitRequest((m) => m.method === 'BYE');
  check('BYE routed via PBX (2 Vias at callee)', r.status === 200 && hdrs(bye, 'via').length === 2, status(r));

  // --- CANCEL of a ringing call ---
  b.onRequest = (m) => (m.method === 'INVITE' ? { status: 180, reason: 'Ringing' } : m.method === 'ACK' ? null : { status: 200, reason: 'OK' });
  let sent: [string, number, string, string] | undefined;
  const ringing = a.request('INVITE', 'sip:1002@127.0.0.1', { body: sdpOffer(4000), contentType: 'application/sdp', onSent: (...args) => (sent = args) });
  const invC = await b.waitRequest((m) => m.method === 'INVITE');
  const cr = await a.cancel('sip:1002@127.0.0.1', ...sent!);
  await b.waitRequest((m) => m.method === 'CANCEL');
  b.reply(invC, 487, 'Request Terminated');
  const fin = await ringing;
  check('CANCEL: 200 to the CANCEL, callee told, caller gets 487', cr.status === 200 && fin.status === 487, `${status(cr)} / ${status(fin)}`);
  b.onRequest = c.onRequest;

  // --- WebSocket client (JsSIP-like *.invalid Contact) ---
  const { head } = await upgrade(WS);
  check('WS upgrade -> 101 with Sec-WebSocket-Protocol: sip', /101/.test(head) && /sec-websocket-protocol: sip/i.test(head));
  const w = await ua('1010', 'pw1010', true);
  r = await w.register();
  check('REGISTER over WS -> 200', r.status === 200, status(r));
  w.onRequest = (m) => (m.method === 'INVITE' ? { status: 200, reason: 'OK', body: sdpOffer(4010) } : m.method === 'ACK' ? null : { status: 200, reason: 'OK' });
  const call2 = await a.invite('sip:1010@127.0.0.1', sdpOffer(4000));
  const inv2 = await w.waitRequest((m) => m.method === 'INVITE');
  const rr = hdrs(inv2, 'record-route').join(',');
  check('UDP -> WS INVITE delivered over the WebSocket, 200', call2.res.status === 200, status(call2.res));
  if (pbx.rtpengine) {
    check('rtpengine: offer towards WS is DTLS/ICE (RTP/SAVPF)', /RTP\/SAVPF/.test(inv2.body) && /a=ice-ufrag/.test(inv2.body) && /a=fingerprint/.test(inv2.body));
    check('rtpengine: answer towards UDP is plain RTP/AVP', /m=audio \d+ RTP\/AVP/.test(call2.res.body) && !/ice-ufrag/.test(call2.res.body), call2.res.body.split('\r\n').find((l) => l.startsWith('m=')));
  }
  check('double Record-Route (udp + transport=ws)', rr.includes(`127.0.0.1:${UDP}`) && /transport=ws/.test(rr), rr);
  await w.waitRequest((m) => m.method === 'ACK');
  r = (await a.inDialog(call2.dialog!, 'BYE'))!;
  check('BYE UDP -> WS via handle_ruri_alias', r.status === 200 && !!(await w.waitRequest((m) => m.method === 'BYE')), status(r));
  const w2 = await ua('1011', 'pw1011', true);
  await w2.register();
  const call4 = await w2.invite('sip:1010@127.0.0.1', sdpOffer(4011));
  const inv4 = await w.waitRequest((m) => m.method === 'INVITE');
  check('WS -> WS call: SDP passes untouched (also with rtpengine)', call4.res.status === 200 && inv4.body.includes('m=audio 4011 RTP/AVP 0 101') && !/ice-ufrag/.test(inv4.body), status(call4.res));
  await w.waitRequest((m) => m.method === 'ACK');
  r = (await w2.inDialog(call4.dialog!, 'BYE'))!;
  check('BYE WS -> WS', r.status === 200 && !!(await w.waitRequest((m) => m.method === 'BYE')), status(r));
  r = await w.request('MESSAGE', 'sip:1001@127.0.0.1', { body: 'from ws' });
  check('MESSAGE WS -> UDP', r.status === 200 && (await a.waitRequest((m) => m.method === 'MESSAGE')).body === 'from ws', status(r));

  // --- presence / dialog-event subscriptions from a WS watcher ---
  r = await w.request('SUBSCRIBE', 'sip:1001@127.0.0.1', { headers: ['Event: presence', 'Accept: application/pidf+xml'], expires: 300 });
  const n1 = await w.waitRequest((m) => m.method === 'NOTIFY' && (hdr(m, 'event') ?? '').startsWith('presence'));
  check('SUBSCRIBE presence from WS -> 200 and NOTIFY over WS', r.status === 200 && /<basic>open<\/basic>/.test(n1.body), `${status(r)}, basic=${/<basic>(\w+)/.exec(n1.body)?.[1]}`);
  r = await w.request('SUBSCRIBE', 'sip:1002@127.0.0.1', { headers: ['Event: dialog', 'Accept: application/dialog-info+xml'], expires: 300 });
  await w.waitRequest((m) => m.method === 'NOTIFY' && (hdr(m, 'event') ?? '').startsWith('dialog'));
  check('SUBSCRIBE dialog (BLF) -> 200 + initial NOTIFY', r.status === 200, status(r));
  const call3 = await a.invite('sip:1002@127.0.0.1', sdpOffer(4000));
  const conf = await w.waitRequest((m) => m.method === 'NOTIFY' && /<state>confirmed<\/state>/.test(m.body));
  check('BLF watcher sees "confirmed"', !!conf && call3.res.status === 200);
  await a.inDialog(call3.dialog!, 'BYE');
  const term = await w.waitRequest((m) => m.method === 'NOTIFY' && /<state>terminated<\/state>/.test(m.body));
  check('BLF watcher sees "terminated"', !!term);
  r = await w.request('SUBSCRIBE', 'sip:1010@127.0.0.1', { headers: ['Event: message-summary', 'Accept: application/simple-message-summary'], expires: 300 });
  check('SUBSCRIBE message-summary -> 200', r.status === 200, status(r));
  r = await a.request('PUBLISH', 'sip:1010@127.0.0.1', {
    headers: ['Event: message-summary', 'Expires: 300'],
    body: 'Messages-Waiting: yes\r\nVoice-Message: 2/0 (0/0)\r\n',
    contentType: 'application/simple-message-summary',
  });
  const mwi = await w.waitRequest((m) => m.method === 'NOTIFY' && /Messages-Waiting: yes/.test(m.body));
  check('PUBLISH message-summary -> watcher NOTIFY', r.status === 200 && !!mwi, status(r));

  // --- voicemail (I4): the voicemail system publishes MWI for 1001, 1001's app (WS) is told ---
  const vm = await ua('vm', 'pwvm');
  r = await vm.register();
  check('REGISTER voicemail account vm -> 200', r.status === 200, status(r));
  const wa = await ua('1001', 'pw1001', true);
  r = await wa.request('SUBSCRIBE', 'sip:1001@127.0.0.1', { headers: ['Event: message-summary', 'Accept: application/simple-message-summary'], expires: 300 });
  check('SUBSCRIBE message-summary to the own AOR over WS -> 200', r.status === 200, status(r));
  const mwiPublish = (body: string, etag?: string) =>
    vm.request('PUBLISH', 'sip:1001@127.0.0.1', {
      headers: ['Event: message-summary', 'Expires: 300', ...(etag ? [`SIP-If-Match: ${etag}`] : [])],
      body,
      contentType: 'application/simple-message-summary',
    });
  r = await mwiPublish('Messages-Waiting: yes\r\nMessage-Account: sip:*2@127.0.0.1\r\nVoice-Message: 2/5 (0/0)\r\n');
  const etag = hdr(r, 'sip-etag');
  const vm1 = parseMessageSummary((await wa.waitRequest((m) => m.method === 'NOTIFY' && /Voice-Message: 2\/5/.test(m.body))).body);
  check('MWI PUBLISH from UDP -> NOTIFY over WS with 2 new / 5 old', r.status === 200 && vm1?.voice?.new === 2 && vm1.voice.old === 5, `${status(r)}, etag ${etag}`);
  r = await mwiPublish('Messages-Waiting: no\r\nVoice-Message: 0/7 (0/0)\r\n', etag);
  const vm2 = parseMessageSummary((await wa.waitRequest((m) => m.method === 'NOTIFY' && /Messages-Waiting: no/.test(m.body))).body);
  check('MWI PUBLISH refresh (SIP-If-Match) -> NOTIFY "no", 0 new', r.status === 200 && vm2?.waiting === false && vm2.voice?.new === 0, status(r));
  for (const code of ['*2', '*1002']) {
    const c2 = await a.invite(`sip:${code}@127.0.0.1`, sdpOffer(4000));
    const inv = await vm.waitRequest((m) => m.method === 'INVITE');
    check(`INVITE ${code} rings the voicemail account, To keeps ${code}`, c2.res.status === 200 && inv.uri!.startsWith('sip:vm@') && (hdr(inv, 'to') ?? '').includes(`${code}@`), `${status(c2.res)}, R-URI ${inv.uri}`);
    await vm.waitRequest((m) => m.method === 'ACK');
    if (c2.dialog) await a.inDialog(c2.dialog, 'BYE');
    await vm.waitRequest((m) => m.method === 'BYE');
  }
  r = await a.request('INVITE', 'sip:*9@127.0.0.1', { body: sdpOffer(4000), contentType: 'application/sdp' });
  check('other feature codes are not voicemail (*9 -> 404)', r.status === 404, status(r));

  // --- B2/J3 presence: a client publishes its status; bench presentities 2000-2499 publish without accounts ---
  const pidf = (user: string, activity: string, note: string) =>
    `<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:${user}@127.0.0.1"><tuple id="t"><status><basic>open</basic></status></tuple><dm:person id="p"><rpid:activities><rpid:${activity}/></rpid:activities><dm:note>${note}</dm:note></dm:person></presence>`;
  r = await wa.request('PUBLISH', 'sip:1001@127.0.0.1', { headers: ['Event: presence', 'Expires: 300'], body: pidf('1001', 'away', 'back soon'), contentType: 'application/pidf+xml', auth: false });
  check('PUBLISH presence without credentials -> 407', r.status === 407, status(r));
  r = await w.request('SUBSCRIBE', 'sip:1001@127.0.0.1', { headers: ['Event: presence', 'Accept: application/pidf+xml'], expires: 300 });
  await w.waitRequest((m) => m.method === 'NOTIFY' && (hdr(m, 'event') ?? '').startsWith('presence'));
  r = await wa.request('PUBLISH', 'sip:1001@127.0.0.1', { headers: ['Event: presence', 'Expires: 300'], body: pidf('1001', 'away', 'back soon'), contentType: 'application/pidf+xml' });
  const pubEtag = hdr(r, 'sip-etag');
  const away = await w.waitRequest((m) => m.method === 'NOTIFY' && /back soon/.test(m.body));
  check('PUBLISH presence over WS (digest) -> 200 + SIP-ETag; watcher NOTIFY has the activity and note', r.status === 200 && !!pubEtag && /<rpid:away\/>/.test(away.body), status(r));
  r = await wa.request('PUBLISH', 'sip:1001@127.0.0.1', { headers: ['Event: presence', 'Expires: 0', 'SIP-If-Match: nosuchetag'] });
  check('PUBLISH with an unknown SIP-If-Match -> 412', r.status === 412, status(r));
  r = await wa.request('PUBLISH', 'sip:1001@127.0.0.1', { headers: ['Event: presence', 'Expires: 0', `SIP-If-Match: ${pubEtag}`] });
  const gone = await w.waitRequest((m) => m.method === 'NOTIFY' && (hdr(m, 'event') ?? '').startsWith('presence') && !/back soon/.test(m.body));
  check('PUBLISH Expires: 0 removes it; watcher told', r.status === 200 && !!gone, status(r));
  const p2000 = await ua('2000', '');
  r = await w.request('SUBSCRIBE', 'sip:2000@127.0.0.1', { headers: ['Event: presence', 'Accept: application/pidf+xml'], expires: 300 });
  const none = await w.waitRequest((m) => m.method === 'NOTIFY' && (hdr(m, 'event') ?? '').startsWith('presence') && (hdr(m, 'from') ?? '').includes('sip:2000@'));
  check('SUBSCRIBE to a bench presentity nobody published: 200 + NOTIFY without an open tuple', r.status === 200 && !/<basic>open/.test(none.body), `${status(r)}, body ${none.body.length} bytes`);
  r = await p2000.request('PUBLISH', 'sip:2000@127.0.0.1', { headers: ['Event: presence', 'Expires: 300'], body: pidf('2000', 'busy', 'bench'), contentType: 'application/pidf+xml', auth: false });
  const benchNotify = await w.waitRequest((m) => m.method === 'NOTIFY' && /rpid:busy/.test(m.body));
  check('bench presentity 2000 PUBLISHes from UDP without auth -> 200, watcher told', r.status === 200 && !!benchNotify, status(r));
  r = await p2000.request('PUBLISH', 'sip:2001@127.0.0.1', { headers: ['Event: presence', 'Expires: 300'], body: pidf('2001', 'busy', 'x'), contentType: 'application/pidf+xml', auth: false });
  check('bench presentity may not publish for another one -> 407', r.status === 407, status(r));

  // --- garbage must not kill it ---
  a.sendRaw('\x00\x01garbage\r\n\r\n');
  a.sendRaw('INVITE sip:1002@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\nCSeq: x\r\nContent-Length: 99999\r\n\r\n');
  a.sendRaw(`MESSAGE sip:1002@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\nFrom: <sip:1001@127.0.0.1>;tag=1\r\nTo: <sip:1002@127.0.0.1>\r\nCall-ID: g\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 0\r\nContent-Length: 0\r\n\r\n`);
  await new Promise((res) => setTimeout(res, 200));
  check('still answering OPTIONS after garbage', await sipOptionsOk(UDP));
} catch (e) {
  failed++;
  console.log('FAIL exception:', e);
} finally {
  for (const u of uas) u.close();
  const t0 = performance.now();
  await pbx.stop();
  console.log(`PBX stopped in ${Math.round(performance.now() - t0)} ms`);
}
console.log(failed ? `${failed} check(s) FAILED` : 'all checks passed');
process.exit(failed ? 1 : 0);
