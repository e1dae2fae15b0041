/** C5: a company contact copied to personal contacts; later edits change only the copy. */
import type { Colleague } from '../data/colleague';
import { emptyFields, type ContactFields } from '../data/contacts';

export function contactFromColleague(c: Colleague): ContactFields {
  const name = c.name.trim();
  // "Ada Lovelace" splits at its last space; a name without spaces (张三) stays whole.
  const space = name.lastIndexOf(' ');
  return {
    ...emptyFields(),
    firstName: space > 0 ? name.slice(0, space) : name,
    lastName: space > 0 ? name.slice(space + 1) : '',
    company: c.company,
    title: c.title,
    email: c.email,
    numbers: { business: c.extension, mobile: c.mobile, home: '', other: '' },
  };
}
