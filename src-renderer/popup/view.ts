/**
 * Renders the ringing calls. Every caller-supplied value goes in through textContent or an
 * attribute, never as markup: a display name is whatever the other end put in its SIP From.
 */
import type { Language, PopupAction, PopupCall } from '../../src-preload/contract';
import { popupStrings } from './strings';

/** The letter in the avatar: the name's first letter (or character), else '#'. */
export function avatarInitial(name: string, number: string): string {
  const source = name.trim() || number.trim();
  const first = Array.from(source)[0];
  if (!first || /[0-9+*#]/.test(first)) return '#';
  return first.toLocaleUpperCase();
}

/** A stable hue per caller, so the same person always gets the same colour. */
export function avatarHue(seed: string): number {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** Who is calling, as one line: the name, else the number, else "Unknown caller". */
export function callerLabel(call: Pick<PopupCall, 'name' | 'number'>, language: Language): string {
  return call.name.trim() || call.number.trim() || popupStrings(language).unknown;
}

export type Act = (callId: string, action: PopupAction) => void;

function button(doc: Document, text: string, label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

export function renderCalls(doc: Document, root: HTMLElement, calls: readonly PopupCall[], language: Language, act: Act): void {
  const t = popupStrings(language);
  doc.documentElement.lang = language;
  root.setAttribute('aria-label', t.list);
  const cards = calls.map((call) => {
    const who = callerLabel(call, language);
    const card = doc.createElement('section');
    card.className = 'call';
    card.setAttribute('aria-label', `${call.waiting ? t.waiting : t.incoming}: ${who}`);

    const avatar = doc.createElement('div');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    avatar.textContent = avatarInitial(call.name, call.number);
    avatar.style.setProperty('--hue', String(avatarHue(call.name || call.number)));

    const text = doc.createElement('div');
    text.className = 'who';
    const kind = doc.createElement('p');
    kind.className = 'kind';
    kind.textContent = call.waiting ? t.waiting : t.incoming;
    const name = doc.createElement('p');
    name.className = 'name';
    name.textContent = who;
    text.append(kind, name);
    if (call.name.trim() && call.number.trim()) {
      const number = doc.createElement('p');
      number.className = 'number';
      number.textContent = call.number;
      text.append(number);
    }

    const actions = doc.createElement('div');
    actions.className = 'actions';
    const once = (action: PopupAction) => () => {
      for (const b of actions.querySelectorAll('button')) b.disabled = true;
      act(call.callId, action);
    };
    actions.append(
      button(doc, t.answer, t.answerFor(who), 'ok', once('answer')),
      button(doc, t.answerVideo, t.answerVideoFor(who), 'ok-outline', once('answer-video')),
      button(doc, t.decline, t.declineFor(who), 'danger', once('decline')),
    );

    const head = doc.createElement('div');
    head.className = 'head';
    head.append(avatar, text);
    card.append(head, actions);
    return card;
  });
  root.replaceChildren(...cards);
}
