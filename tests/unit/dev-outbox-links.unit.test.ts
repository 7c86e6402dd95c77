import { describe, expect, it } from 'vitest';
import { linkifyOutboxText } from '../../cms/src/participation/dev/outbox-page.ts';

describe('the dev outbox makes the URLs of a message links', () => {
  it('percent-encodes the brackets of an admin link in the href, keeps the text as sent', () => {
    const url = 'http://localhost:1337/admin/content-manager/collection-types/api::event.event/abc?plugins[i18n][locale]=fr';
    expect(linkifyOutboxText(`À relire : ${url}`)).toBe(
      `À relire : <a href="/admin/content-manager/collection-types/api::event.event/abc?plugins%5Bi18n%5D%5Blocale%5D=fr">${url}</a>`,
    );
  });

  it('leaves a plain confirmation link as it is and escapes the text around it', () => {
    expect(linkifyOutboxText('Confirmez <ici> : https://passerelle.test/participer/confirmer?jeton=a1&x=2')).toBe(
      'Confirmez &lt;ici&gt; : <a href="/participer/confirmer?jeton=a1&amp;x=2">https://passerelle.test/participer/confirmer?jeton=a1&amp;x=2</a>',
    );
  });
});
