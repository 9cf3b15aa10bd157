// Starts the real `trolyso serve` on a free loopback port with a temporary
// database, for the browser tests. The binary and the repository come from the
// environment (ctest sets both), so the test runs what the build produced.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const PAGE_ID = 'web';
export const PAGE_NAME = 'Đoàn xã Tân Phong';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (ctest sets it; see tests/CMakeLists.txt)`);
  return value;
}

export function sourceDir() {
  return requireEnv('TROLYSO_SOURCE_DIR');
}

// `extraPages` are appended after the web chat page (e.g. a Telegram page
// pointed at a fake Bot API); `extraConfig` adds top-level keys (e.g. `areas`).
async function writeConfig(dir, { extraPages = [], extraConfig = {} } = {}) {
  const config = {
    ...extraConfig,
    server: { host: '127.0.0.1', port: 0 },
    storage: { sqlite_path: path.join(dir, 'trolyso.db') },
    intents: { dir: path.join(sourceDir(), 'intents') },
    pages: [{ id: PAGE_ID, name: PAGE_NAME, area: 'tanphong', channel: 'webchat' }, ...extraPages],
  };
  const file = path.join(dir, 'trolyso.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return { file, sqlitePath: config.storage.sqlite_path };
}

// Resolves with the port once the server prints its "listening on" line.
function waitForListening(child, output) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`trolyso did not start within ${START_TIMEOUT_MS} ms:\n${output.text}`)),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      const match = output.text.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`trolyso exited early (code ${code}, signal ${signal}):\n${output.text}`));
    });
  });
}

async function waitForHealthy(baseUrl) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/healthz never answered 200 (${last})`);
}

function binaryPath() {
  const binary = requireEnv('TROLYSO_BINARY');
  if (!existsSync(binary)) throw new Error(`TROLYSO_BINARY does not exist: ${binary}`);
  return binary;
}

// Starts a server; call `stop()` on the result when done (it also removes the
// temporary directory). Options: `extraPages`, `extraConfig`, see writeConfig.
export async function startServer(options = {}) {
  const binary = binaryPath();
  const dir = await mkdtemp(path.join(tmpdir(), 'trolyso-browser-'));
  const { file, sqlitePath } = await writeConfig(dir, options);

  const child = spawn(binary, ['serve', '--config', file], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both streams are kept so a failure can show what the server said.
  const output = { text: '' };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk) => { output.text += chunk; });
  child.stderr.on('data', (chunk) => { output.text += chunk; });
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const port = await waitForListening(child, output);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl);
    return { baseUrl, sqlitePath, configFile: file, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Runs SQL against the server's database with the sqlite3 CLI, as another
// process writing to it would (the volunteer console, in a later issue).
export async function sqlite(sqlitePath, sql) {
  const { stdout } = await execFileAsync('sqlite3', ['-cmd', '.timeout 5000', sqlitePath, sql]);
  return stdout.trim();
}

// Creates an account with `trolyso user add` (against the running server's
// database) and returns the one-time password it prints.
export async function addUser(configFile, { name, role, areas, displayName }) {
  const args = ['user', 'add', '--config', configFile, '--name', name, '--role', role];
  for (const area of areas) args.push('--area', area);
  if (displayName) args.push('--display-name', displayName);
  const { stdout } = await execFileAsync(binaryPath(), args);
  const match = stdout.match(/^password: (\S+)$/m);
  if (!match) throw new Error(`trolyso user add printed no "password: X" line:\n${stdout}`);
  return match[1];
}
