import { describe, expect, it } from 'vitest';
import { embedderReads } from './embedder-languages';

describe('embedderReads (Chinese retrieval round of #15)', () => {
  const english = { languages: ['en'] };

  it('reads any text when the embedder states no languages', () => {
    expect(embedderReads({}, '车位月租多少钱')).toBe(true);
  });

  it('reads Latin-script text, and text without letters, on an English embedder', () => {
    expect(embedderReads(english, 'How long is the free trial?')).toBe(true);
    expect(embedderReads(english, 'What does 专业版 cost?')).toBe(true);
    expect(embedderReads(english, '2024-05-01')).toBe(true);
  });

  it('does not read Chinese, kana or Cyrillic on an English embedder', () => {
    expect(embedderReads(english, '车位月租多少钱')).toBe(false);
    expect(embedderReads(english, 'パスワードをリセットするには')).toBe(false);
    expect(embedderReads(english, 'Как сбросить пароль?')).toBe(false);
  });

  it('reads Chinese when the embedder lists zh, and another script when it lists another language', () => {
    expect(embedderReads({ languages: ['en', 'zh'] }, '车位月租多少钱')).toBe(true);
    expect(embedderReads({ languages: ['en', 'ru'] }, 'Как сбросить пароль?')).toBe(true);
  });
});
