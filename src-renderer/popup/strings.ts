/** The popup's few words, in the languages the app offers. */
import type { Language } from '../../src-preload/contract';

export interface PopupStrings {
  list: string;
  incoming: string;
  waiting: string;
  unknown: string;
  answer: string;
  answerVideo: string;
  decline: string;
  /** Accessible names: they start with the button's visible words and say whose call it is. */
  answerFor(who: string): string;
  answerVideoFor(who: string): string;
  declineFor(who: string): string;
}

const en: PopupStrings = {
  list: 'Ringing calls',
  incoming: 'Incoming call',
  waiting: 'Call waiting',
  unknown: 'Unknown caller',
  answer: 'Answer',
  answerVideo: 'Answer with video',
  decline: 'Decline',
  answerFor: (who) => `Answer call from ${who}`,
  answerVideoFor: (who) => `Answer with video, call from ${who}`,
  declineFor: (who) => `Decline call from ${who}`,
};

const zhCN: PopupStrings = {
  list: '正在响铃的来电',
  incoming: '来电',
  waiting: '呼叫等待',
  unknown: '未知来电',
  answer: '接听',
  answerVideo: '视频接听',
  decline: '拒接',
  answerFor: (who) => `接听 ${who} 的来电`,
  answerVideoFor: (who) => `视频接听 ${who} 的来电`,
  declineFor: (who) => `拒接 ${who} 的来电`,
};

export function popupStrings(language: Language): PopupStrings {
  return language === 'zh-CN' ? zhCN : en;
}
