import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.ts';

function capture(secrets: string[]) {
  const lines: string[] = [];
  const logger = createLogger({ secrets, write: (l) => lines.push(l), now: () => 0 });
  return { logger, lines };
}

describe('the log', () => {
  it('writes one line with the level, the message and the details', () => {
    const { logger, lines } = capture([]);
    logger.info('rescored contacts', { portalId: 1, written: 3, note: 'two words' });
    expect(lines).toEqual([
      '1970-01-01T00:00:00.000Z info rescored contacts portalId=1 written=3 note="two words"',
    ]);
  });

  it('never shows the access token or the client secret, even inside an error', () => {
    const { logger, lines } = capture(['pat-na1-abcdef-123456', 'client-secret-value']);
    logger.error('HubSpot refused', {
      error: new Error('token pat-na1-abcdef-123456 rejected; secret client-secret-value'),
      header: 'Bearer some.jwt.token',
    });
    expect(lines[0]).not.toContain('abcdef-123456');
    expect(lines[0]).not.toContain('client-secret-value');
    expect(lines[0]).not.toContain('some.jwt.token');
    expect(lines[0]).toContain('[redacted]');
  });
});
