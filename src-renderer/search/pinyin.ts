/**
 * Pinyin keys for Chinese names, so '张三' is found by 'zhangsan' and 'zs'. pinyin-pro (a
 * maintained converter with surname readings: 单 in 单田芳 reads shàn) runs once per distinct name
 * at index time and is remembered; a keystroke only compares strings.
 */
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

export interface PinyinKeys {
  /** 'zhangsan'; '' for a name without Chinese characters. */
  full: string;
  /** 'zs'. */
  initials: string;
}

const NONE: PinyinKeys = Object.freeze({ full: '', initials: '' });
const memo = new Map<string, PinyinKeys>();

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

export function pinyinKeys(name: string): PinyinKeys {
  if (!name || !HAN.test(name)) return NONE;
  let keys = memo.get(name);
  if (!keys) {
    const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'removed' })
      .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
      .filter(Boolean);
    keys = { full: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
    if (memo.size > 200_000) memo.clear();
    memo.set(name, keys);
  }
  return keys;
}
