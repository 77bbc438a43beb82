// How the browser tests start Debian's Chromium (see the stack notes): headless, no sandbox (CI
// runs as root), no GPU, nothing fetched in the background.
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};
