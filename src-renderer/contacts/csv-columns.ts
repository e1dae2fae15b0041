/**
 * Which CSV column feeds which contact field. Headers are recognised in English and Chinese and
 * as Outlook and Google Contacts export them; the user can change every choice before importing.
 */
export const CSV_TARGETS = [
  'firstName',
  'lastName',
  'fullName',
  'company',
  'title',
  'business',
  'mobile',
  'home',
  'other',
  'email',
  'notes',
  'id',
  'createdAt',
  'updatedAt',
] as const;
export type CsvTarget = (typeof CSV_TARGETS)[number];

/** For each column of the file: the field it feeds, or null (ignored). */
export type ColumnMapping = Array<CsvTarget | null>;

/** The header our export writes; also recognised first on import, so export → import needs no mapping. */
export const EXPORT_HEADER: Record<Exclude<CsvTarget, 'fullName'>, string> = {
  firstName: 'First Name',
  lastName: 'Last Name',
  company: 'Company',
  title: 'Job Title',
  business: 'Business Phone',
  mobile: 'Mobile Phone',
  home: 'Home Phone',
  other: 'Other Phone',
  email: 'E-mail Address',
  notes: 'Notes',
  id: 'Offhook ID',
  createdAt: 'Created',
  updatedAt: 'Updated',
};

/**
 * Aliases per field, most specific first. Outlook's 'Title' is a courtesy title (Mr., Dr.), its
 * job is 'Job Title', so plain 'title' comes after 'job title' and only if nothing better is there.
 */
const ALIASES: Record<CsvTarget, string[]> = {
  firstName: ['first name', 'firstname', 'given name', 'givenname', 'forename', '名', '名字'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'familyname', '姓', '姓氏'],
  fullName: ['name', 'full name', 'fullname', 'display name', 'contact name', '姓名', '联系人', '名称'],
  company: ['company', 'company name', 'organization name', 'organization', 'organisation', 'organization 1 - name', '公司', '公司名称', '单位', '工作单位'],
  title: ['job title', 'jobtitle', 'organization title', 'organization 1 - title', 'position', 'role', '职位', '职务', '头衔', 'title'],
  business: ['business phone', 'work phone', 'office phone', 'company main phone', 'phone (work)', 'work', 'telephone', 'phone 2 - value', '电话', '办公电话', '工作电话', '公司电话', '座机', '单位电话'],
  mobile: ['mobile phone', 'mobile', 'cell phone', 'cell', 'cellphone', 'mobile number', 'phone 1 - value', '手机', '手机号', '手机号码', '移动电话'],
  home: ['home phone', 'home', 'phone (home)', 'phone 3 - value', '住宅电话', '家庭电话', '家庭号码', '家里电话'],
  other: ['other phone', 'phone', 'phone number', 'other', 'phone 4 - value', '其他电话', '其它电话', '电话号码'],
  email: ['e-mail address', 'email address', 'e-mail', 'email', 'mail', 'e-mail 1 - value', 'email 1 - value', '邮箱', '电子邮件', '电子邮箱', '邮件', '邮箱地址'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks', '备注', '说明', '附注'],
  id: ['offhook id'],
  createdAt: ['created'],
  updatedAt: ['updated'],
};

const squash = (h: string): string => h.trim().toLowerCase().replace(/[\s_]+/g, ' ');

export function autoMapping(header: readonly string[]): ColumnMapping {
  const keys = header.map(squash);
  const mapping: ColumnMapping = header.map(() => null);
  // Rank every (column, field) match by how specific the alias is, then hand out best first.
  const matches: Array<{ col: number; target: CsvTarget; rank: number }> = [];
  for (const target of CSV_TARGETS) {
    ALIASES[target].forEach((alias, rank) => {
      keys.forEach((k, col) => k === alias && matches.push({ col, target, rank }));
    });
  }
  matches.sort((a, b) => a.rank - b.rank || a.col - b.col);
  const taken = new Set<CsvTarget>();
  for (const m of matches) {
    if (mapping[m.col] !== null || taken.has(m.target)) continue;
    mapping[m.col] = m.target;
    taken.add(m.target);
  }
  return mapping;
}

/** A mapping is usable when it names someone: a name column (or company) is mapped, and no field twice. */
export function mappingProblem(mapping: ColumnMapping): 'noNameColumn' | 'duplicate' | null {
  const used = mapping.filter((m): m is CsvTarget => m !== null);
  if (new Set(used).size !== used.length) return 'duplicate';
  if (!used.some((m) => m === 'firstName' || m === 'lastName' || m === 'fullName' || m === 'company')) return 'noNameColumn';
  return null;
}
