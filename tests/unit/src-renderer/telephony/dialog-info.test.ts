import { describe, expect, it } from 'vitest';
import { DialogTracker, lineState, parseDialogInfo } from '../../../../src-renderer/telephony/dialog-info';

const kamailio = (version: number, state: string, direction = 'recipient', id = 'a1b2') => `<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="sip:1002@127.0.0.1">
  <dialog id="${id}" call-id="${id}-call" local-tag="lt" remote-tag="rt" direction="${direction}">
    <state>${state}</state>
    <remote><identity>sip:1003@127.0.0.1</identity><target uri="sip:1003@127.0.0.1"/></remote>
    <local><identity>sip:1002@127.0.0.1</identity><target uri="sip:1002@127.0.0.1"/></local>
  </dialog>
</dialog-info>`;

const ASTERISK_IDLE = `<?xml version="1.0" encoding="UTF-8"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:1002@pbx.example.com"/>`;

const YEALINK_PARTIAL = (v: number, state: string) => `<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${v}" state="partial" entity="sip:1002@pbx">
<dialog id="yl-7" direction="initiator"><state event="remote-bye">${state}</state></dialog>
</dialog-info>`;

describe('parseDialogInfo', () => {
  it('reads Kamailio pua_dialoginfo bodies', () => {
    expect(parseDialogInfo(kamailio(3, 'early'))).toEqual({ version: 3, full: true, dialogs: [{ id: 'a1b2', phase: 'early', direction: 'recipient' }] });
    expect(lineState(parseDialogInfo(kamailio(3, 'early'))!.dialogs)).toBe('ringing');
    expect(lineState(parseDialogInfo(kamailio(3, 'early', 'initiator'))!.dialogs)).toBe('on-call');
    expect(lineState(parseDialogInfo(kamailio(4, 'confirmed'))!.dialogs)).toBe('on-call');
    expect(lineState(parseDialogInfo(kamailio(5, 'terminated'))!.dialogs)).toBe('idle');
  });

  it('reads an idle Asterisk body', () => {
    expect(parseDialogInfo(ASTERISK_IDLE)).toEqual({ version: 0, full: true, dialogs: [] });
  });

  it('says null for garbage', () => {
    for (const g of ['', '<presence/>', 'nope', null, 1, '<dialog-info><dialog><state>exploded</state></dialog>']) {
      expect(() => parseDialogInfo(g)).not.toThrow();
    }
    expect(parseDialogInfo('<presence/>')).toBeNull();
    expect(parseDialogInfo('<dialog-info><dialog><state>exploded</state></dialog>')?.dialogs).toEqual([]);
  });
});

describe('DialogTracker', () => {
  it('follows partial updates and drops stale ones', () => {
    const t = new DialogTracker();
    expect(t.apply(ASTERISK_IDLE)).toBe(true);
    expect(t.state).toBe('idle');
    t.apply(YEALINK_PARTIAL(1, 'early'));
    expect(t.state).toBe('on-call');
    t.apply(kamailio(2, 'early', 'recipient', 'other'));
    // a full body replaces the list
    expect(t.state).toBe('ringing');
    t.apply(YEALINK_PARTIAL(4, 'confirmed'));
    expect(t.state).toBe('on-call');
    expect(t.apply(YEALINK_PARTIAL(3, 'terminated'))).toBe(false);
    expect(t.state).toBe('on-call');
    t.apply(YEALINK_PARTIAL(5, 'terminated'));
    expect(t.state).toBe('ringing');
    expect(t.apply('garbage')).toBe(false);
    t.reset();
    expect(t.state).toBe('idle');
  });
});
