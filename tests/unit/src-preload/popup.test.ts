/** The popup window's preload (window.offhookPopup) and its page's pure helpers. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { POPUP_CHANNELS, type PopupBridge, type PopupCall } from '../../../src-preload/contract';
import { popupStrings } from '../../../src-renderer/popup/strings';
import { avatarHue, avatarInitial, callerLabel } from '../../../src-renderer/popup/view';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(async () => undefined),
  listeners: new Map<string, IpcListener>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: IpcListener) => electron.listeners.set(channel, listener),
  },
}));

const CALLS: PopupCall[] = [
  { callId: 'c1', name: 'Alice', number: '1002', waiting: false },
  { callId: 'c2', name: '', number: '+8613800000000', waiting: true },
];
let popup: PopupBridge;
const send = (...args: unknown[]) => electron.listeners.get(POPUP_CHANNELS.calls)!({ sender: 'ipcRenderer' }, ...args);

beforeAll(async () => {
  await import('../../../src-preload/popup');
  popup = electron.exposed.get('offhookPopup') as PopupBridge;
});

describe('popup preload', () => {
  it('exposes only window.offhookPopup with onCalls and act', () => {
    expect([...electron.exposed.keys()]).toEqual(['offhookPopup']);
    expect(Object.keys(popup).sort()).toEqual(['act', 'onCalls']);
    expect([...electron.listeners.keys()]).toEqual([POPUP_CHANNELS.calls]);
  });

  it('hands a late subscriber the last list at once, then every new one', () => {
    send(CALLS, 'zh-CN');
    const listener = vi.fn();
    const dispose = popup.onCalls(listener);
    expect(listener).toHaveBeenCalledWith(CALLS, 'zh-CN');
    send([CALLS[0]], 'en');
    expect(listener).toHaveBeenLastCalledWith([CALLS[0]], 'en');
    dispose();
    send([], 'en');
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('never passes the IPC event to the page', () => {
    const listener = vi.fn();
    popup.onCalls(listener);
    send(CALLS, 'en');
    expect(listener.mock.lastCall).toEqual([CALLS, 'en']);
  });

  it('keeps delivering when one listener throws', () => {
    const good = vi.fn();
    popup.onCalls(() => {
      throw new Error('page bug');
    });
    popup.onCalls(good);
    expect(() => send(CALLS, 'en')).not.toThrow();
    expect(good).toHaveBeenLastCalledWith(CALLS, 'en');
  });

  it('sends a button press as one validated object and resolves to undefined', async () => {
    electron.invoke.mockResolvedValueOnce('ignored');
    await expect(popup.act('c1', 'answer-video')).resolves.toBeUndefined();
    expect(electron.invoke).toHaveBeenCalledWith(POPUP_CHANNELS.act, { callId: 'c1', action: 'answer-video' });
  });

  it('refuses a listener that is not a function', () => {
    expect(() => popup.onCalls(null as never)).toThrow(/listener must be a function/);
  });
});

describe('popup page helpers', () => {
  it('draws the first letter of the name, else a # for numbers', () => {
    expect(avatarInitial('alice', '1002')).toBe('A');
    expect(avatarInitial('  张三', '')).toBe('张');
    expect(avatarInitial('', '+861012345678')).toBe('#');
    expect(avatarInitial('', '')).toBe('#');
    expect(avatarInitial('😀 Emoji', '')).toBe('😀');
  });

  it('gives the same caller the same colour', () => {
    expect(avatarHue('Alice')).toBe(avatarHue('Alice'));
    expect(avatarHue('Alice')).toBeGreaterThanOrEqual(0);
    expect(avatarHue('Alice')).toBeLessThan(360);
  });

  it('names the caller, else the number, else says unknown', () => {
    expect(callerLabel({ name: 'Alice', number: '1002' }, 'en')).toBe('Alice');
    expect(callerLabel({ name: ' ', number: '1002' }, 'en')).toBe('1002');
    expect(callerLabel({ name: '', number: '' }, 'zh-CN')).toBe('未知来电');
  });

  it('gives buttons accessible names that start with their visible words', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const t = popupStrings(language);
      expect(t.answerFor('Alice').startsWith(t.answer)).toBe(true);
      expect(t.answerVideoFor('Alice').startsWith(t.answerVideo)).toBe(true);
      expect(t.declineFor('Alice').startsWith(t.decline)).toBe(true);
      expect(t.declineFor('Alice')).toContain('Alice');
    }
  });
});

describe('popup page rendering', () => {
  /** Just enough DOM for renderCalls; markup setters throw, so any use of them fails the test. */
  class FakeElement {
    readonly children: FakeElement[] = [];
    readonly attributes = new Map<string, string>();
    readonly listeners = new Map<string, () => void>();
    readonly styleProps = new Map<string, string>();
    className = '';
    textContent = '';
    type = '';
    disabled = false;
    constructor(readonly tag: string) {}
    set innerHTML(_html: string) {
      throw new Error('innerHTML must not be used');
    }
    set outerHTML(_html: string) {
      throw new Error('outerHTML must not be used');
    }
    insertAdjacentHTML() {
      throw new Error('insertAdjacentHTML must not be used');
    }
    readonly style = { setProperty: (name: string, value: string) => this.styleProps.set(name, value) };
    setAttribute(name: string, value: string) {
      this.attributes.set(name, value);
    }
    addEventListener(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
    append(...nodes: FakeElement[]) {
      this.children.push(...nodes);
    }
    replaceChildren(...nodes: FakeElement[]) {
      this.children.splice(0, this.children.length, ...nodes);
    }
    querySelectorAll(tag: string): FakeElement[] {
      return this.children.flatMap((c) => [...(c.tag === tag ? [c] : []), ...c.querySelectorAll(tag)]);
    }
    all(): FakeElement[] {
      return this.children.flatMap((c) => [c, ...c.all()]);
    }
  }

  async function render(calls: PopupCall[], language: 'en' | 'zh-CN' = 'en') {
    const { renderCalls } = await import('../../../src-renderer/popup/view');
    const doc = { documentElement: { lang: '' }, createElement: (tag: string) => new FakeElement(tag) };
    const root = new FakeElement('main');
    const act = vi.fn();
    renderCalls(doc as unknown as Document, root as unknown as HTMLElement, calls, language, act);
    return { root, act, doc };
  }

  it('draws one card per call with name, number and three named buttons', async () => {
    const { root, doc } = await render(CALLS);
    expect(doc.documentElement.lang).toBe('en');
    expect(root.children).toHaveLength(2);
    const [first] = root.children;
    const texts = first!.all().map((e) => e.textContent).filter(Boolean);
    expect(texts).toEqual(['A', 'Incoming call', 'Alice', '1002', 'Answer', 'Answer with video', 'Decline']);
    expect(first!.querySelectorAll('button').map((b) => b.attributes.get('aria-label'))).toEqual([
      'Answer call from Alice',
      'Answer with video, call from Alice',
      'Decline call from Alice',
    ]);
    expect(root.children[1]!.attributes.get('aria-label')).toBe('Call waiting: +8613800000000');
  });

  it('puts a hostile caller name in as text only', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const { root } = await render([{ callId: 'x', name, number: '1', waiting: false }]);
    expect(root.all().some((e) => e.textContent === name)).toBe(true);
    expect(root.all().every((e) => e.tag !== 'img')).toBe(true);
  });

  it('sends the pressed button once and disables the card’s buttons', async () => {
    const { root, act } = await render(CALLS);
    const buttons = root.children[1]!.querySelectorAll('button');
    buttons[2]!.listeners.get('click')!();
    expect(act).toHaveBeenCalledWith('c2', 'decline');
    expect(buttons.every((b) => b.disabled)).toBe(true);
    expect(root.children[0]!.querySelectorAll('button').some((b) => b.disabled)).toBe(false);
  });

  it('speaks Chinese', async () => {
    const { root } = await render([CALLS[0]!], 'zh-CN');
    expect(root.children[0]!.querySelectorAll('button').map((b) => b.textContent)).toEqual(['接听', '视频接听', '拒接']);
  });
});
