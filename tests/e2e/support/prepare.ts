/** Installs what the SIP tests need (Debian packages) before the tests go offline. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensurePackages } from '../../pbx/pbx';
import { ensureSlapd } from '../../pbx/ldap';
import { CHROMIUM } from './browser';

const missing = [
  !existsSync(CHROMIUM) && 'chromium',
  spawnSync('sox', ['--version']).status !== 0 && 'sox',
  !existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') && 'fonts-noto-cjk',
].filter(Boolean) as string[];

if (missing.length) {
  if (process.getuid?.() !== 0) {
    console.error(`Missing: ${missing.join(', ')}. Install them (as root: apt-get install ${missing.join(' ')}).`);
    process.exit(1);
  }
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
await ensurePackages({ rtpengine: true, peers: true });
// The company directory's tests run against Debian's OpenLDAP.
ensureSlapd();
