import { escapeHtml } from '@passerelle/shared/participation';

/**
 * The HTML part of an email, made from its text. Strapi's nodemailer provider sends the text itself
 * as HTML when a message has none: unescaped (a resident's name typed as markup became markup in an
 * organizer's mailbox) and on one line (HTML ignores the line breaks). Here: every character
 * escaped, blank lines as paragraphs, line breaks kept, links clickable.
 */
/** A URL in escaped text: up to a space or an escaped quote or bracket (`&amp;` stays inside). */
const link = /https?:\/\/(?:(?!&quot;|&#39;|&lt;|&gt;)[^\s<>"'])+/g;

export function htmlFromText(text: string): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(link, (url) => `<a href="${url}">${url}</a>`).replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}
