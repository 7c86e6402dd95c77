import { describe, expect, it } from 'vitest';
import { parseDirectoryForm } from './space-directory.ts';
import { fileSizeText, parseResourceForm, renderResourceForm, resourceRules, safeResourceUrl } from './space-resources.ts';

describe('safeResourceUrl', () => {
  it('keeps https links to a named host', () => {
    expect(safeResourceUrl(' https://exemple.org/guide?x=1#a ')).toBe('https://exemple.org/guide?x=1#a');
  });
  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', 'http://exemple.org', 'https://u:p@exemple.org', 'https://localhost/', '//exemple.org', '/relatif', 'https://exemple.org/"><x', ''])('refuses %s', (url) => {
    expect(safeResourceUrl(url)).toBeNull();
  });
});

describe('parseResourceForm', () => {
  it('reads only the author’s own tables and at least one theme', () => {
    const base = { title: 'Guide', url: 'https://exemple.org', 'theme-guides': '1' };
    expect(parseResourceForm({ ...base, table: 'a'.repeat(24) }, ['b'.repeat(24)]).result).toEqual({ ok: false, errors: { table: 'errResourceTable' } });
    expect(parseResourceForm({ title: 'Guide', url: 'https://exemple.org' }, []).result).toEqual({ ok: false, errors: { themes: 'errResourceThemes' } });
    expect(parseResourceForm({ ...base, table: '' }, []).result).toEqual({ ok: true, value: { title: 'Guide', description: '', url: 'https://exemple.org/', themes: ['guides'], table: null } });
  });
  it('measures the link as it is stored: written out again, in UTF-16 units, at most 2000', () => {
    const base = { title: 'Guide', 'theme-guides': '1', table: '' };
    const atLimit = `https://exemple.org/${'a'.repeat(resourceRules.urlMax - 'https://exemple.org/'.length)}`;
    expect(parseResourceForm({ ...base, url: atLimit }, []).result).toMatchObject({ ok: true, value: { url: atLimit } });
    expect(parseResourceForm({ ...base, url: `${atLimit}b` }, []).result).toEqual({ ok: false, errors: { url: 'errSpaceTooLong' } });
    // 170 emoji are 340 units as typed, but 2040 once percent-encoded for storage.
    const emoji = `https://exemple.org/${'😀'.repeat(170)}`;
    const { values, result } = parseResourceForm({ ...base, url: emoji }, []);
    expect(result).toEqual({ ok: false, errors: { url: 'errSpaceTooLong' } });
    expect(values.url).toBe(emoji);
  });

  it('takes a link or a file, never both, never neither', () => {
    const base = { title: 'PV', 'theme-guides': '1', table: '' };
    expect(parseResourceForm({ ...base, url: '' }, [], true).result).toEqual({ ok: true, value: { title: 'PV', description: '', url: null, themes: ['guides'], table: null } });
    expect(parseResourceForm({ ...base, url: '  ' }, [], false).result).toEqual({ ok: false, errors: { url: 'errResourceUrlOrFile' } });
    expect(parseResourceForm({ ...base, url: 'https://exemple.org/pv' }, [], true).result).toEqual({ ok: false, errors: { file: 'errResourceUrlAndFile' } });
    expect(parseResourceForm({ ...base, url: 'javascript:alert(1)' }, [], true).result).toEqual({ ok: false, errors: { url: 'errResourceUrl' } });
  });

  it('is a multipart form whose file input comes last, after the token and every other field', () => {
    const { body } = renderResourceForm('fr', 'c'.repeat(64), [], {}, {}, 5 * 1024 * 1024);
    expect(body).toContain('enctype="multipart/form-data"');
    expect(body.indexOf('name="csrf"')).toBeLessThan(body.indexOf('name="title"'));
    expect(body.lastIndexOf('name="', body.indexOf('type="submit"'))).toBe(body.indexOf('name="file"'));
    expect(body).toContain('5 Mo au plus');
  });
});

describe('fileSizeText', () => {
  it('reads as residents write sizes, in each language', () => {
    expect(fileSizeText('fr', 10)).toBe('1 Ko');
    expect(fileSizeText('fr', 850 * 1024)).toBe('850 Ko');
    expect(fileSizeText('fr', 2.44 * 1024 * 1024)).toBe('2,4 Mo');
    expect(fileSizeText('en', 2.44 * 1024 * 1024)).toBe('2.4 MB');
    expect(fileSizeText('en', 10 * 1024 * 1024)).toBe('10 MB');
  });
});

describe('parseDirectoryForm', () => {
  it('is off by default and never reads a contact the member lacks', () => {
    expect(parseDirectoryForm({}, { email: true, phone: true }).result).toEqual({ ok: true, value: { listed: false, forWhat: '', showEmail: false, showPhone: false } });
    expect(parseDirectoryForm({ listed: '1', forWhat: 'Salle', showEmail: '1', showPhone: '1' }, { email: false, phone: true }).result).toEqual({ ok: true, value: { listed: true, forWhat: 'Salle', showEmail: false, showPhone: true } });
  });
  it('asks for "for what" when listed', () => {
    expect(parseDirectoryForm({ listed: '1', forWhat: ' ' }, { email: true, phone: false }).result).toEqual({ ok: false, errors: { forWhat: 'errDirectoryForWhat' } });
  });
});
