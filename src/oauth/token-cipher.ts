import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { OAuthError } from './oauth-error.ts';

/**
 * AES-256-GCM for tokens at rest. Each record gets a fresh 12-byte IV; the portal id is the
 * associated data, so a record copied onto another account's row does not decrypt. A short key
 * id (an HMAC of a fixed label, which reveals nothing of the key) is stored next to each record
 * so a wrong TOKEN_ENCRYPTION_KEY is named as such instead of surfacing as "tampered".
 *
 * Sealed layout: version (1 byte) | IV (12) | auth tag (16) | ciphertext.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenCipher {
  /** Identifies the key (16 hex chars); equal ids mean the same key. */
  readonly keyId: string;
  seal(plaintext: string, portalId: number): Buffer;
  /** Throws OAuthError('undecryptable') for another key, another portal, or altered bytes. */
  open(sealed: Uint8Array, portalId: number, sealedWithKeyId?: string): string;
}

export function createTokenCipher(key: Uint8Array): TokenCipher {
  if (key.byteLength !== 32) {
    throw new RangeError(`the token encryption key must be 32 bytes, not ${key.byteLength}`);
  }
  const secretKey = Buffer.from(key);
  const keyId = createHmac('sha256', secretKey)
    .update('recruitment-scoring token key id')
    .digest('hex')
    .slice(0, 16);
  const associatedData = (portalId: number) => Buffer.from(`hubspot-portal:${portalId}`, 'utf8');

  return {
    keyId,
    seal(plaintext, portalId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(portalId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, portalId, sealedWithKeyId) {
      if (sealedWithKeyId !== undefined && sealedWithKeyId !== keyId) {
        throw new OAuthError(
          'undecryptable',
          `the tokens of HubSpot account ${portalId} were encrypted with another TOKEN_ENCRYPTION_KEY ` +
            `(key id ${sealedWithKeyId}, configured key id ${keyId}); set the key they were stored with, ` +
            'or install the app in that account again',
        );
      }
      const bytes = Buffer.from(sealed);
      if (bytes.byteLength < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) {
        throw new OAuthError(
          'undecryptable',
          `the stored tokens of HubSpot account ${portalId} are not in a format this version reads`,
        );
      }
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const body = bytes.subarray(1 + IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, iv, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(associatedData(portalId));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new OAuthError(
          'undecryptable',
          `the stored tokens of HubSpot account ${portalId} could not be decrypted: ` +
            'they were encrypted with another TOKEN_ENCRYPTION_KEY, belong to another account, or were altered',
          { cause },
        );
      }
    },
  };
}
