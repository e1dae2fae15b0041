/**
 * Unified search speed (issue 6): "Search or dial" over 50 000 personal contacts (a third with
 * Chinese names) and 100 000 call-log entries, plus 520 colleagues, typed keystroke by keystroke.
 *
 *  search_keystroke_ms   per keystroke: one SearchIndex.search() as the toolbar runs it (capped
 *                        at 50 hits, narrowing from the last query), over names, pinyin ('zs',
 *                        'zhangsan'), numbers in several formats, mail and company. Goal p95 ≤ 16 ms.
 *
 * The search core is plain TypeScript, so this runs in Node: `npx tsx bench/search.ts`
 * (or `npm run bench -- search`). CONTACTS, CALLS and ROUNDS change the sizes.
 */
import { SearchIndex } from '../src-renderer/search/search-index';
import { callEntries, colleagueEntry, contactEntry, personName, type ContactLike } from '../src-renderer/search/sources';
import { seedPeople } from '../tests/pbx/ldap-seed';
import { percentile, report } from './lib/stats';

const CONTACTS = Number(process.env.CONTACTS ?? 50_000);
const CALLS = Number(process.env.CALLS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

/** Deterministic so runs compare. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const rand = prng(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

const SURNAMES_ZH = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐'];
const GIVEN_ZH = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '晓明', '建国', '志强', '海燕'];
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Daniel', 'Karen'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee'];
const COMPANIES = ['Acme Ltd', 'Globex', 'Initech', '华为技术', '腾讯科技', 'Umbrella Corp', 'Stark Industries', '阿里巴巴', 'Wayne Enterprises', ''];

function makeContacts(n: number): ContactLike[] {
  return Array.from({ length: n }, (_, i) => {
    const zh = i % 3 === 0;
    const firstName = zh ? pick(GIVEN_ZH) : pick(FIRST);
    const lastName = zh ? pick(SURNAMES_ZH) : pick(LAST);
    return {
      id: `c${i}`,
      firstName,
      lastName,
      company: pick(COMPANIES),
      title: '',
      numbers: { business: `+86${pick(['10', '21', '755'])}${digits(8)}`, mobile: rand() < 0.7 ? `+861${pick(['38', '39', '86'])}${digits(8)}` : '', home: '', other: '' },
      email: zh ? `user${i}@example.cn` : `${firstName.toLowerCase()}.${lastName.toLowerCase()}${i}@example.com`,
    };
  });
}

function makeCalls(n: number, contacts: ContactLike[]) {
  return Array.from({ length: n }, (_, i) => {
    const known = rand() < 0.4 ? pick(contacts) : null;
    const number = known ? known.numbers.business.replace('+86', '0') : rand() < 0.5 ? `1${pick(['38', '39', '86'])}${digits(8)}` : `0${digits(10)}`;
    return { id: `call${i}`, startedAt: 1_700_000_000_000 - i * 60_000, remote: { number, name: known ? personName(known.firstName, known.lastName) : '', uri: `sip:${number}@pbx` } };
  });
}

const QUERIES = ['zs', 'zhangsan', 'zhang wei', '张', '王芳', 'wf', 'james smi', 'mary.j', '138 0013', '+86 139', '0755 1', '13812', 'acme', '华为', 'li', 'example.cn', '1001'];

const contacts = makeContacts(CONTACTS);
const calls = makeCalls(CALLS, contacts);
const colleagues = seedPeople().map((p) => ({
  id: p.uid,
  name: p.cn,
  extension: p.telephoneNumber,
  mobile: p.mobile,
  email: p.mail,
  department: p.department,
  title: p.title,
  company: 'Offhook Test',
}));

const index = new SearchIndex();
const t0 = performance.now();
index.set('colleague', colleagues.map(colleagueEntry));
index.set('contact', contacts.map(contactEntry));
const callIndex = callEntries(calls);
index.set('call', callIndex);
const buildMs = performance.now() - t0;
console.log(`index: ${index.size('colleague')} colleagues, ${index.size('contact')} contacts, ${index.size('call')} call-log numbers (from ${CALLS} calls) built in ${buildMs.toFixed(0)} ms`);

// Warm-up: one pass, not counted (JIT).
for (const q of QUERIES) for (let k = 1; k <= q.length; k++) index.search(q.slice(0, k));
index.search('');

const times: number[] = [];
const firstKey: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const q of QUERIES) {
    index.search(''); // a fresh search box
    for (let k = 1; k <= q.length; k++) {
      const s = performance.now();
      const result = index.search(q.slice(0, k));
      const ms = performance.now() - s;
      times.push(ms);
      if (k === 1) firstKey.push(ms);
      if (round === 0 && k === q.length) console.log(`  ${JSON.stringify(q).padEnd(14)} ${String(result.total).padStart(6)} matches, top: ${result.hits[0]?.entry.name ?? '-'} ${result.hits[0]?.number ?? ''}`);
    }
  }
}
console.log(`first keystroke (no narrowing): p50 ${percentile(firstKey, 50).toFixed(2)} ms, p95 ${percentile(firstKey, 95).toFixed(2)} ms`);
const r = report('search_keystroke_ms', times, 'ms', 2);
if (!(r.p95 <= 16)) {
  console.error(`search_keystroke_ms p95 ${r.p95} ms is over the 16 ms goal`);
  process.exitCode = 1;
}
