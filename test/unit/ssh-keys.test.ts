import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import { describe, expect, it } from 'vitest';
import { parsePublicKey } from '../../src/resources/ssh-keys.ts';

function opensshLine(type: 'ed25519' | 'rsa' | 'ec', options: object = {}) {
  const { publicKey } = generateKeyPairSync(type as 'ed25519', options as never) as unknown as { publicKey: KeyObject };
  return `${sshpk
    .parseKey(publicKey.export({ type: 'spki', format: 'pem' }), 'pem')
    .toString('ssh')
    .split(' ')
    .slice(0, 2)
    .join(' ')} me@laptop`;
}

describe('SSH public keys', () => {
  it('accepts ed25519, RSA ≥ 2048 and ECDSA keys and returns their SHA256 fingerprints', () => {
    for (const line of [
      opensshLine('ed25519'),
      opensshLine('rsa', { modulusLength: 2048 }),
      opensshLine('ec', { namedCurve: 'P-256' }),
    ]) {
      const parsed = parsePublicKey(line);
      expect(parsed.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(parsed.publicKey.endsWith('me@laptop')).toBe(true);
    }
  });

  it('refuses short RSA keys, garbage and private keys', () => {
    expect(() => parsePublicKey(opensshLine('rsa', { modulusLength: 1024 }))).toThrow(/1024 bits/);
    expect(() => parsePublicKey('ssh-ed25519 notbase64!')).toThrow(/not an OpenSSH public key/);
    expect(() => parsePublicKey('-----BEGIN OPENSSH PRIVATE KEY-----\nabc')).toThrow(/private/);
  });
});
