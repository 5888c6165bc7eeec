import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { hashToken, issueToken, TOKEN_PREFIX, verifyToken } from '../../src/store/tokens.ts';
import { InputError } from '../../src/errors.ts';
import { backends } from './backends.ts';

for (const backend of backends) {
  describe.skipIf(!backend.available)(`token store (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    it('issues prefixed random tokens, verifies them, stores only the hash', async () => {
      const { token, record } = await issueToken(store.tokens, 'ci-bot');
      expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
      expect(record).toMatchObject({ name: 'ci-bot' });
      expect(await verifyToken(store.tokens, token)).toMatchObject({ id: record.id, name: 'ci-bot' });
      expect(await verifyToken(store.tokens, `${token}x`)).toBeUndefined();
      expect(await verifyToken(store.tokens, 'sl_nope')).toBeUndefined();
      expect(await verifyToken(store.tokens, '')).toBeUndefined();
      const stored = await store.tokens.byHash(hashToken(token));
      expect(stored?.hash).toBe(hashToken(token));
      expect(JSON.stringify(await store.tokens.list())).not.toContain(token);
    });

    it('refuses a second active token with one name, allows it after revoking', async () => {
      const a = await issueToken(store.tokens, 'reader');
      await expect(issueToken(store.tokens, 'reader')).rejects.toBeInstanceOf(InputError);
      await expect(issueToken(store.tokens, '1234')).rejects.toBeInstanceOf(InputError);
      const revoked = await store.tokens.revoke('reader', '2026-01-01T00:00:00.000Z');
      expect(revoked).toMatchObject({ id: a.record.id, revokedAt: '2026-01-01T00:00:00.000Z' });
      expect(await verifyToken(store.tokens, a.token)).toBeUndefined();
      const b = await issueToken(store.tokens, 'reader');
      expect(await verifyToken(store.tokens, b.token)).toMatchObject({ id: b.record.id });
      expect(await store.tokens.revoke(String(b.record.id), '2026-01-02T00:00:00.000Z')).toMatchObject({ revokedAt: '2026-01-02T00:00:00.000Z' });
      expect(await store.tokens.revoke('nobody', '2026-01-02T00:00:00.000Z')).toBeUndefined();
      expect((await store.tokens.list()).map((t) => [t.name, Boolean(t.revokedAt)])).toEqual([['reader', true], ['reader', true]]);
    });

    it('records the last use', async () => {
      const { record } = await issueToken(store.tokens, 'x');
      await store.tokens.touch(record.id, '2026-02-01T00:00:00.000Z');
      expect((await store.tokens.list())[0]).toMatchObject({ lastUsedAt: '2026-02-01T00:00:00.000Z' });
    });
  });
}
