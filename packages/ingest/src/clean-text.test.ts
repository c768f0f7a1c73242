import { describe, expect, it } from 'vitest';
import { cleanBlock, usableTitle } from './clean-text';

describe('usableTitle', () => {
  it.each([
    ['10811.exe'],
    ['Microsoft Word - Backup4all_network_backup_solution.doc'],
    ['Untitled'],
    ['Document1'],
    ['   '],
    ['---'],
    ['12345'],
    [null],
  ])('treats metadata %j as junk', (raw) => {
    expect(usableTitle(raw)).toBeNull();
  });

  it.each([
    ['Annual Report 2015', 'Annual Report 2015'],
    ['Microsoft Word - Employee Handbook', 'Employee Handbook'],
    ['Getting started with Node.js', 'Getting started with Node.js'],
    ['  Geometrie   und Topologie ', 'Geometrie und Topologie'],
  ])('keeps a real title %j', (raw, expected) => {
    expect(usableTitle(raw)).toBe(expected);
  });
});

describe('cleanBlock', () => {
  it("drops Word's private-use bullet glyphs and its 'o' sub-bullets", () => {
    const text =
      '\uF0B7 Backups run nightly\n\uF0A7 Restores are tested\no Weekly full backup\no Daily increments';
    expect(cleanBlock(text)).toBe(
      'Backups run nightly\nRestores are tested\nWeekly full backup\nDaily increments',
    );
  });

  it("keeps an 'o' that is a word", () => {
    expect(cleanBlock('o caminho é longo\nsay o k')).toBe('o caminho é longo\nsay o k');
  });
});
