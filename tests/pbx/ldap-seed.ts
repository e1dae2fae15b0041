/**
 * The test company directory: 520 people in ou=<department>, ou=people, dc=offhook, dc=test,
 * among them the SIP test accounts 1001–1020 (telephoneNumber = extension). About a third have
 * Chinese names (张三 is 1001). Deterministic, so tests and the e2e fake bridge see the same people.
 */

export const LDAP_SUFFIX = 'dc=offhook,dc=test';
export const LDAP_ADMIN_DN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_ADMIN_PASSWORD = 'offhook-admin';
/** A plain reader, bound by the app: subject to the server's size limit (500), so it must page. */
export const LDAP_READER_DN = `cn=reader,ou=services,${LDAP_SUFFIX}`;
export const LDAP_READER_PASSWORD = 'offhook-reader';
export const LDAP_PEOPLE_BASE = `ou=people,${LDAP_SUFFIX}`;

export const DEPARTMENTS = ['Engineering', 'Sales', 'Support', 'Finance', 'Marketing', 'Operations', '研发部'] as const;

export interface SeedPerson {
  uid: string;
  cn: string;
  givenName: string;
  sn: string;
  telephoneNumber: string;
  mobile: string;
  mail: string;
  department: string;
  title: string;
}

/** The SIP accounts 1001–1020 as people. */
const COLLEAGUES: Array<[string, string, string, string]> = [
  // [sn, givenName, cn, department]
  ['张', '三', '张三', 'Engineering'],
  ['李', '四', '李四', 'Sales'],
  ['王', '五', '王五', 'Support'],
  ['Smith', 'Alice', 'Alice Smith', 'Engineering'],
  ['Jones', 'Bob', 'Bob Jones', 'Sales'],
  ['陈', '晓明', '陈晓明', '研发部'],
  ['Garcia', 'Carol', 'Carol Garcia', 'Finance'],
  ['刘', '洋', '刘洋', 'Marketing'],
  ['Miller', 'Dave', 'Dave Miller', 'Operations'],
  ['赵', '丽', '赵丽', 'Support'],
  ['Brown', 'Erin', 'Erin Brown', 'Engineering'],
  ['孙', '伟', '孙伟', 'Sales'],
  ['Davis', 'Frank', 'Frank Davis', 'Finance'],
  ['周', '敏', '周敏', '研发部'],
  ['Wilson', 'Grace', 'Grace Wilson', 'Marketing'],
  ['吴', '静', '吴静', 'Operations'],
  ['Taylor', 'Heidi', 'Heidi Taylor', 'Support'],
  ['郑', '强', '郑强', 'Engineering'],
  ['Moore', 'Ivan', 'Ivan Moore', 'Sales'],
  ['黄', '磊', '黄磊', 'Finance'],
];

const SURNAMES_ZH = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN_ZH = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];
const SURNAMES = ['Anderson', 'Thomas', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Young', 'King', 'Wright', 'Lopez', 'Hill', 'Scott', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Perez'];
const GIVEN = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Charles', 'Sarah', 'Daniel', 'Karen'];
const TITLES = ['Engineer', 'Manager', 'Specialist', 'Analyst', 'Director', 'Assistant'];

export const SEED_COUNT = 520;

export function seedPeople(count = SEED_COUNT): SeedPerson[] {
  const people: SeedPerson[] = COLLEAGUES.map(([sn, givenName, cn, department], i) => {
    const ext = String(1001 + i);
    return {
      uid: `u${ext}`,
      cn,
      givenName,
      sn,
      telephoneNumber: ext,
      mobile: `+86 138 0013 ${ext.padStart(4, '0')}`,
      mail: `${ext}@offhook.test`,
      department,
      title: TITLES[i % TITLES.length]!,
    };
  });
  for (let i = people.length; i < count; i++) {
    const chinese = i % 3 === 0;
    const sn = chinese ? SURNAMES_ZH[i % SURNAMES_ZH.length]! : SURNAMES[i % SURNAMES.length]!;
    const givenName = chinese ? GIVEN_ZH[(i * 7) % GIVEN_ZH.length]! : GIVEN[(i * 7) % GIVEN.length]!;
    const ext = String(2000 + i);
    people.push({
      uid: `u${ext}`,
      cn: chinese ? `${sn}${givenName}` : `${givenName} ${sn}`,
      givenName,
      sn,
      telephoneNumber: ext,
      mobile: `+86 139 ${String(10_000_000 + i * 7919).slice(0, 4)} ${String(i).padStart(4, '0')}`,
      mail: `${chinese ? 'user' : givenName.toLowerCase()}.${ext}@offhook.test`,
      department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      title: TITLES[i % TITLES.length]!,
    });
  }
  return people;
}

/** LDIF wants base64 for values that are not plain ASCII (RFC 2849). */
function line(attribute: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value) ? `${attribute}: ${value}` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

export function seedLdif(people = seedPeople()): string {
  const blocks: string[][] = [
    [line('dn', LDAP_SUFFIX), 'objectClass: dcObject', 'objectClass: organization', 'o: Offhook Test', 'dc: offhook'],
    [line('dn', `ou=services,${LDAP_SUFFIX}`), 'objectClass: organizationalUnit', 'ou: services'],
    [line('dn', LDAP_READER_DN), 'objectClass: organizationalRole', 'objectClass: simpleSecurityObject', 'cn: reader', line('userPassword', LDAP_READER_PASSWORD)],
    [line('dn', LDAP_PEOPLE_BASE), 'objectClass: organizationalUnit', 'ou: people'],
  ];
  for (const department of DEPARTMENTS) {
    blocks.push([line('dn', `ou=${department},${LDAP_PEOPLE_BASE}`), 'objectClass: organizationalUnit', line('ou', department)]);
  }
  for (const p of people) {
    blocks.push([
      line('dn', `uid=${p.uid},ou=${p.department},${LDAP_PEOPLE_BASE}`),
      'objectClass: inetOrgPerson',
      line('uid', p.uid),
      line('cn', p.cn),
      line('sn', p.sn),
      line('givenName', p.givenName),
      line('telephoneNumber', p.telephoneNumber),
      line('mobile', p.mobile),
      line('mail', p.mail),
      line('title', p.title),
      line('o', 'Offhook Test'),
    ]);
  }
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}
