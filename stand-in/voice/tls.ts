// A throwaway certificate for the fake voice server's wss://, trusted in this process only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

/** A self-signed EC certificate for 127.0.0.1 and localhost, made with openssl, valid one day. */
export function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yin-voice-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @discordjs/voice opens `new WebSocket('wss://…')` with no way to pass a CA or an agent, and
 * NODE_EXTRA_CA_CERTS is only read at process start. Node ≥ 22.19/24.5 can change the default
 * CA list at run time: every later TLS client without its own `ca` (ws included) trusts `cert`.
 */
export function trustInThisProcess(cert: string): void {
  setDefaultCACertificates([...getCACertificates('default'), cert]);
}
