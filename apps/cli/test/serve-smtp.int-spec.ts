import { describeWith } from '@chibo/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `chibo serve` (what `npm start` runs) and SMTP_URL: unset, the server starts in-app only and says so once; set to
 * something that names no server nodemailer can reach, it does not start and says which variable and why, without a
 * stack trace and without repeating the URL (it may hold a password).
 */
const CLI = join(__dirname, '..', 'dist', 'main.js');

interface Served {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `chibo serve` with `env` until it prints that it runs (then stops it with SIGTERM) or exits by itself. */
function serve(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-serve-smtp-'));
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      ...process.env,
      AUTH_SECRET: randomBytes(24).toString('hex'),
      PORT: '0',
      DATABASE_URL: '',
      SQLITE_PATH: join(dir, 'chibo.sqlite'),
      AUDIT_KEY_PATH: join(dir, 'audit-key.pem'),
      QUEUE_PREFIX: `chibo-serve-${randomBytes(4).toString('hex')}`,
      CHIBO_ENGINE: 'embedded',
      SMTP_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chibo serve neither started nor stopped in ${timeoutMs / 1000} s: ${out.stdout}${out.stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out.stdout += chunk.toString();
      if (out.stdout.includes('chibo đang chạy tại')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, ...out });
    });
  });
}

describeWith(['redis'], 'chibo serve and SMTP_URL', () => {
  it('should start without SMTP_URL and say once that notices stay in-app', async () => {
    const served = await serve({});

    expect(served.stdout).toContain('chibo đang chạy tại');
    const said = `${served.stdout}${served.stderr}`.split('\n').filter((line) => line.includes('SMTP_URL'));
    expect(said).toEqual(['[chibo] Thông báo: chưa cấu hình SMTP_URL — chỉ có thông báo trong ứng dụng, không gửi e-mail.']);
  });

  it.each([
    ['smtp://mail.example.vn:0', 'port must be from 1 to 65535'],
    ['smtp://chibo:p%zz@mail.example.vn', 'percent-encoding'],
    ['smtp://', 'names no host'],
    ['smtp://mail.example.vn?tls=maybe', '?tls=off'],
  ])('should not start with SMTP_URL=%j, naming SMTP_URL (%s) without a stack trace or the URL', async (value, reason) => {
    const served = await serve({ SMTP_URL: value });

    expect(served.code).toBe(1);
    expect(served.stdout).not.toContain('chibo đang chạy tại');
    expect(served.stderr).toContain('  - SMTP_URL: ');
    expect(served.stderr).toContain(reason);
    expect(served.stderr).not.toMatch(/^\s+at /m);
    expect(served.stderr).not.toContain('p%zz');
  });
});
