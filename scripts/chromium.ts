// The end-to-end tests drive Debian's Chromium (Playwright's own browser download cannot work on
// machines without internet access). STEWARD_CHROMIUM_PATH points at another Chromium build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseEnv } from '../server/env.ts';
import { SetupError } from '../server/setup-error.ts';

/** Where the Chromium binary is expected. */
export function chromiumPath(): string {
  return parseEnv().STEWARD_CHROMIUM_PATH;
}

/**
 * Installs Debian's `chromium` package when it is missing and this is a root shell with apt-get
 * (as on CI and the team's machines); otherwise says exactly what to install.
 */
export function ensureChromium(): void {
  const binary = chromiumPath();
  if (existsSync(binary)) return;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (hasApt && process.getuid?.() === 0 && binary === '/usr/bin/chromium') {
    console.log('  installing Debian package chromium (about a minute)');
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install =
      update.status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0;
    if (install && existsSync(binary)) return;
  }
  throw new SetupError(
    `Chromium was not found at ${binary}; the end-to-end tests need it.\n` +
      'Install it (Debian/Ubuntu: sudo apt-get install chromium), or set STEWARD_CHROMIUM_PATH to a Chromium binary.',
  );
}
