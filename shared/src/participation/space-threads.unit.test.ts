import { describe, expect, it } from 'vitest';
import { handDigest } from './space-hands.ts';
import { parseThreadMessage, renderTableMessages, renderTableThreadBlock, threadNotice, threadPageOf, threadRules } from './space-threads.ts';

const tableId = 'a'.repeat(24);

describe('a thread message', () => {
  it('is trimmed, keeps its paragraphs, and is refused empty, too long or with control characters, the text kept', () => {
    expect(parseThreadMessage({ text: '  Bonjour\r\n\r\nà tous  ' }).result).toEqual({ ok: true, value: 'Bonjour\n\nà tous' });
    expect(parseThreadMessage({ text: '   ' }).result).toEqual({ ok: false, error: 'errFieldRequired' });
    expect(parseThreadMessage({}).result).toEqual({ ok: false, error: 'errFieldRequired' });
    const long = parseThreadMessage({ text: 'é'.repeat(threadRules.messageMax + 1) });
    expect(long.result).toEqual({ ok: false, error: 'errSpaceTooLong' });
    expect(long.value).toHaveLength(threadRules.messageMax + 1);
    expect(parseThreadMessage({ text: 'x'.repeat(1_000_000) }).value).toHaveLength(threadRules.messageMax + 100);
    expect(parseThreadMessage({ text: 'Bonjour\u202e' }).result).toEqual({ ok: false, error: 'errFieldInvalid' });
  });

  it('reads a page number from 1 to the last allowed, anything else as page 1', () => {
    expect(threadPageOf('3')).toBe(3);
    expect(threadPageOf(String(threadRules.maxPage))).toBe(threadRules.maxPage);
    for (const odd of [null, '', '0', '-2', '1.5', '1e3', 'abc', String(threadRules.maxPage + 1), '99999999']) expect(threadPageOf(odd), String(odd)).toBe(1);
  });
});

describe('the thread’s pages', () => {
  const message = { authorName: null, text: '<script>alert(1)</script>', createdAt: '2026-12-01T15:00:00.000Z' };

  it('show markup as text, sign a gone author "Ancien membre", and link older messages with plain links', () => {
    const block = renderTableThreadBlock('fr', 'c'.repeat(64), tableId, { messages: [message], page: 1, hasOlder: true });
    expect(block).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(block).not.toContain('<script>');
    expect(block).toContain('<strong>Ancien membre</strong>');
    expect(block).toContain(`href="/participer/espace/tables/${tableId}/messages/?page=2"`);
    const page = renderTableMessages('en', { documentId: tableId, name: 'Table <Villeray>' }, { messages: [], page: 3, hasOlder: false });
    expect(page.body).toContain(`href="/participer/espace/tables/${tableId}/messages/?page=2&amp;locale=en"`);
    expect(page.body).not.toContain('page=4');
    expect(page.body).toContain('Table &lt;Villeray&gt;');
  });

  it('keep what was typed after an error, with the error tied to the field', () => {
    const block = renderTableThreadBlock('fr', 'c'.repeat(64), tableId, { messages: [], page: 1, hasOlder: false }, { value: 'Mon texte </textarea><b>', error: 'errSpaceTooLong' });
    expect(block).toContain('Mon texte &lt;/textarea&gt;&lt;b&gt;</textarea>');
    expect(block).toContain('aria-invalid="true"');
    expect(block).toContain('href="#message-text"');
  });
});

describe('a thread’s notices', () => {
  it('carry the title and the link, never the message, and a text stays one SMS', () => {
    const url = `https://passerelle.exemple.ca/participer/espace/tables/${tableId}/`;
    const notice = threadNotice('fr', { kind: 'table', title: 'Table de concertation de Villeray' }, url);
    expect(notice.subject).toBe('Nouveau message à la table Table de concertation de Villeray');
    expect(notice.text).toContain(url);
    expect(notice.sms).toContain(url);
    expect(notice.sms.length).toBeLessThanOrEqual(160);
  });

  it('join the weekly digest as a third list, with its own count in the text message', () => {
    const digest = handDigest('fr', [], [], 'liste', [{ title: 'Table de Saint-Michel', url: 'u1' }]);
    expect(digest.text).toContain('Discussions avec de nouveaux messages (1) :\n- Table de Saint-Michel\n  u1');
    expect(digest.sms).toContain('1 discussion(s)');
    expect(handDigest('fr', [{ title: 'Salle', url: 'u' }], [], 'liste').sms).not.toContain('discussion');
  });
});
