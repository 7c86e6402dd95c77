import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { PublisherStatusAnswer } from '../../admin-api/publisher-status';
import { formatWhen } from './format';
import { message } from './messages';
import { useAdminJson } from './use-admin-json';

/** "Is my change live, and if not, why?" — the publisher's status, refreshed while it builds. */
const REFRESH_MS = 10_000;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600" tag="dt">
        {label}
      </Typography>
      <Typography variant="omega" tag="dd">
        {children}
      </Typography>
    </Box>
  );
}

export default function PublishingWidget() {
  const { formatMessage, locale } = useIntl();
  const loaded = useAdminJson<PublisherStatusAnswer>('/passerelle/publisher-status', REFRESH_MS);
  if (loaded.state === 'loading') return <Widget.Loading />;
  if (loaded.state !== 'ready') return <Widget.Error>{formatMessage(message('error'))}</Widget.Error>;
  const status = loaded.data;
  if (!status.reachable) return <Widget.Error>{formatMessage(message(`publishing.unreachable.${status.reason}`))}</Widget.Error>;

  const when = (iso: string) => formatWhen(iso, locale);
  const since = status.building ? when(status.building.startedAt) : '';
  const headline = status.failedLast ? message('publishing.failedLast') : status.live ? message('publishing.upToDate') : message('publishing.live.none');

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="omega" fontWeight="bold" textColor={status.failedLast ? 'danger600' : 'success600'} role="status">
        {formatMessage(headline)}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={2} tag="dl">
        <Fact label={formatMessage(message('publishing.live'))}>
          {status.live ? (status.live.finishedAt ? when(status.live.finishedAt) : status.live.id) : '—'}
        </Fact>
        <Fact label={formatMessage(message('publishing.lastSuccess'))}>
          {status.lastSuccess
            ? `${when(status.lastSuccess.finishedAt)}${status.lastSuccess.pageCount === null ? '' : ` · ${formatMessage(message('publishing.pages'), { count: status.lastSuccess.pageCount })}`}`
            : '—'}
        </Fact>
        <Fact label={formatMessage(message('publishing.lastFailure'))}>
          {status.lastFailure ? `${when(status.lastFailure.finishedAt)} — ${status.lastFailure.reason}` : '—'}
        </Fact>
        <Fact label={formatMessage(message('publishing.queue'))}>
          {formatMessage(message(`publishing.queue.${status.queue.state}`), { since })}
          {status.queue.pending > 0 ? ` · ${formatMessage(message('publishing.pending'), { count: status.queue.pending })}` : ''}
        </Fact>
      </Flex>
      {status.failedLast && status.lastFailure && status.lastFailure.logTail !== '' ? (
        <details>
          <summary>
            <Typography variant="pi">{formatMessage(message('publishing.log'))}</Typography>
          </summary>
          <Box tag="pre" padding={2} background="neutral100" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: '1.2rem' }}>
            {status.lastFailure.logTail}
          </Box>
        </details>
      ) : null}
      <Flex justifyContent="space-between" wrap="wrap" gap={2}>
        <Link href={status.statusPageUrl} isExternal>
          {formatMessage(message('publishing.statusPage'))}
        </Link>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage(message('publishing.checkedAt'), { time: when(status.checkedAt) })}
        </Typography>
      </Flex>
    </Flex>
  );
}
