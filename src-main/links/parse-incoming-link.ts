/** Main's intake for links the OS hands over (argv, open-url): the shared, hardened parser. */
export { parseLink as parseIncomingLink, PROVISION_PARAMETERS } from '../../src-preload/links';
