import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Widget, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { deadLetters } from '../../participation/messages/dead-letters';
import { formatWhen } from './format';
import { message } from './messages';
import { useAdminJson } from './use-admin-json';

/**
 * Messages the outbox gave up on (docs/messages.md): kind, channel, tries, the provider's error
 * codes and when — never the recipient, which the server does not send. A dead message that still
 * has its text can be queued again.
 */
type DeadLetters = Awaited<ReturnType<typeof deadLetters>>;
const SHOWN = 8;

export default function MessagesWidget() {
  const { formatMessage, locale } = useIntl();
  const { post } = useFetchClient();
  const [retried, setRetried] = useState<ReadonlySet<number>>(new Set());
  const loaded = useAdminJson<DeadLetters>('/passerelle/messages/echecs', 60_000);
  if (loaded.state === 'loading') return <Widget.Loading />;
  if (loaded.state === 'forbidden') return <Widget.NoPermissions>{formatMessage(message('messages.forbidden'))}</Widget.NoPermissions>;
  if (loaded.state === 'error') return <Widget.Error>{formatMessage(message('error'))}</Widget.Error>;
  const { count, pending, items } = loaded.data;
  if (count === 0) return <Widget.NoData>{formatMessage(message('messages.none'), { pending })}</Widget.NoData>;

  const retry = async (id: number) => {
    await post(`/passerelle/messages/${id}/renvoyer`, {});
    setRetried((done) => new Set([...done, id]));
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="omega">{formatMessage(message('messages.count'), { count, pending })}</Typography>
      <Box tag="ul">
        {items.slice(0, SHOWN).map((item) => (
          <Box tag="li" key={item.id} paddingBottom={2}>
            <Typography variant="pi" tag="p">
              {formatMessage(message('messages.item'), { kind: item.kind, channel: item.channel, attempts: item.attempts, when: formatWhen(item.lastTryAt ?? item.queuedAt, locale) })}
            </Typography>
            {item.lastError ? (
              <Typography variant="pi" textColor="neutral600" tag="p">
                {item.lastError}
              </Typography>
            ) : null}
            {retried.has(item.id) ? (
              <Typography variant="pi">{formatMessage(message('messages.retried'))}</Typography>
            ) : item.retryable ? (
              <Button size="S" variant="secondary" onClick={() => void retry(item.id)}>
                {formatMessage(message('messages.retry'))}
              </Button>
            ) : null}
          </Box>
        ))}
      </Box>
    </Flex>
  );
}
