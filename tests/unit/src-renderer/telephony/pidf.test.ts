import { describe, expect, it } from 'vitest';
import { buildPidf, parsePidf } from '../../../../src-renderer/telephony/pidf';
import { MY_STATUSES } from '../../../../src-preload/contract';

const KAMAILIO_USRLOC = `<?xml version="1.0"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:c="urn:ietf:params:xml:ns:pidf:cipid" entity="sip:1002@127.0.0.1">
  <tuple xmlns="urn:ietf:params:xml:ns:pidf" id="0x7f2c1a6b9e80">
    <status>
      <basic>open</basic>
    </status>
  </tuple>
</presence>
`;

const ASTERISK_INUSE = `<?xml version="1.0" encoding="UTF-8"?>
<presence entity="sip:1002@pbx.example.com" xmlns="urn:ietf:params:xml:ns:pidf" xmlns:pp="urn:ietf:params:xml:ns:pidf:person" xmlns:es="urn:ietf:params:xml:ns:pidf:rpid:status:rpid-status" xmlns:ep="urn:ietf:params:xml:ns:pidf:rpid:rpid-person">
 <note>On the phone</note>
 <tuple id="1002">
  <status>
   <basic>open</basic>
  </status>
  <contact priority="1">sip:1002@pbx.example.com</contact>
 </tuple>
 <pp:person>
  <status>
   <ep:activities>
    <ep:busy/>
   </ep:activities>
  </status>
 </pp:person>
</presence>
`;

const ASTERISK_UNAVAILABLE = ASTERISK_INUSE.replace('On the phone', 'Unavailable').replace('<basic>open</basic>', '<basic>closed</basic>').replace('<ep:busy/>', '');
const ASTERISK_RINGING = ASTERISK_INUSE.replace('On the phone', 'Ringing');

const FREESWITCH = `<?xml version="1.0" encoding="ISO-8859-1"?>
<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' xmlns:c='urn:ietf:params:xml:ns:pidf:cipid' entity='sip:1002@10.0.0.5'>
<tuple id='t6a5ed77e'>
<status>
<basic>open</basic>
</status>
</tuple>
<dm:person id='p06360c4a'>
<rpid:activities>
<rpid:on-the-phone/>
</rpid:activities>
<dm:note>On The Phone</dm:note>
</dm:person>
</presence>`;

const YEALINK_AWAY = `<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:1002@pbx.example.com">
<tuple id="tid1a2b3c"><status><basic>open</basic></status></tuple>
<dm:person id="pid1a2b3c"><rpid:activities><rpid:away/></rpid:activities><dm:note>Back at 3 &amp; then free</dm:note></dm:person>
</presence>`;

describe('parsePidf', () => {
  it('reads Kamailio pua_usrloc "open" as available', () => {
    expect(parsePidf(KAMAILIO_USRLOC)).toEqual({ state: 'available', text: '' });
    expect(parsePidf(KAMAILIO_USRLOC.replace('open', 'closed'))).toEqual({ state: 'unregistered', text: '' });
  });

  it('reads Asterisk line-state notes as ringing / on a call, not as a status text', () => {
    expect(parsePidf(ASTERISK_INUSE)).toEqual({ state: 'on-call', text: '' });
    expect(parsePidf(ASTERISK_RINGING)).toEqual({ state: 'ringing', text: '' });
    expect(parsePidf(ASTERISK_UNAVAILABLE)).toEqual({ state: 'unregistered', text: '' });
  });

  it('reads FreeSWITCH on-the-phone and Yealink away with its note', () => {
    expect(parsePidf(FREESWITCH)).toEqual({ state: 'on-call', text: '' });
    expect(parsePidf(YEALINK_AWAY)).toEqual({ state: 'away', text: 'Back at 3 & then free' });
    expect(parsePidf(YEALINK_AWAY.replace('rpid:away', 'rpid:busy'))?.state).toBe('dnd');
    expect(parsePidf(YEALINK_AWAY.replace('rpid:away', 'rpid:vacation'))?.state).toBe('off-work');
    expect(parsePidf(YEALINK_AWAY.replace('rpid:away', 'rpid:meal'))?.state).toBe('lunch');
  });

  it('round-trips every Offhook status and its text', () => {
    for (const s of MY_STATUSES) {
      expect(parsePidf(buildPidf('sip:1002@127.0.0.1', s, ` In Berlin <until> "Friday" `))).toEqual({ state: s, text: 'In Berlin <until> "Friday"' });
    }
    expect(parsePidf(buildPidf('sip:1002@127.0.0.1', 'away', ''))).toEqual({ state: 'away', text: '' });
  });

  it('reads a Kamailio aggregate of the usrloc tuple and an Offhook publication', () => {
    const mine = buildPidf('sip:1002@127.0.0.1', 'lunch', 'Canteen');
    const merged = KAMAILIO_USRLOC.replace('</presence>', mine.slice(mine.indexOf('<tuple'), mine.indexOf('</presence>')) + '</presence>');
    expect(parsePidf(merged)).toEqual({ state: 'lunch', text: 'Canteen' });
  });

  it('takes the newest person when the server merged several publications for one presentity', () => {
    const person = (doc: string) => doc.slice(doc.indexOf('<dm:person'), doc.indexOf('</dm:person>') + '</dm:person>'.length);
    const older = buildPidf('sip:1002@127.0.0.1', 'available', 'old', 'a', new Date('2025-01-06T10:00:00Z'));
    const newer = buildPidf('sip:1002@127.0.0.1', 'away', 'new', 'b', new Date('2025-01-06T10:05:00Z'));
    const merged = older.replace('</presence>', person(newer) + '</presence>');
    expect(parsePidf(merged)).toEqual({ state: 'away', text: 'new' });
    const reversed = newer.replace('</presence>', person(older) + '</presence>');
    expect(parsePidf(reversed)).toEqual({ state: 'away', text: 'new' });
  });

  it('says null for garbage and never throws', () => {
    for (const g of ['', 'hello', '<dialog-info/>', '<<<>>>', '<presence', null, 42, {}, '<x>'.repeat(10_000), 'a'.repeat(300_000)]) {
      expect(() => parsePidf(g)).not.toThrow();
    }
    expect(parsePidf('<dialog-info/>')).toBeNull();
    expect(parsePidf(null)).toBeNull();
    // a presence document without tuples: nobody is there
    expect(parsePidf('<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"/>')).toEqual({ state: 'unregistered', text: '' });
    // sloppy but readable: no prologue, unclosed person
    expect(parsePidf('<presence><tuple><status><basic> OPEN </basic></status></tuple><person><activities><away/>')?.state).toBe('away');
  });
});
