import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import type { ReviewQueueItem } from '../../editorial/review-queue';
import { formatWhen } from './format';
import { message } from './messages';
import { useAdminJson } from './use-admin-json';

/** Drafts a community group marked "to review", oldest first, each a link to its edit page. */
const uidOf = { event: 'api::event.event', call: 'api::call.call' } as const;
const SHOWN = 8;

// Relative to the admin's router, so the links work whatever the admin's public URL is.
const editPath = (item: ReviewQueueItem) =>
  `/content-manager/collection-types/${uidOf[item.type]}/${item.documentId}?plugins[i18n][locale]=${item.locale}`;
const listPath = (type: keyof typeof uidOf) =>
  `/content-manager/collection-types/${uidOf[type]}?page=1&pageSize=50&sort=updatedAt:ASC&filters[$and][0][reviewStatus][$eq]=to_review&plugins[i18n][locale]=fr`;

export default function ReviewQueueWidget() {
  const { formatMessage, locale } = useIntl();
  const loaded = useAdminJson<ReviewQueueItem[]>('/passerelle/review-queue', 60_000);
  if (loaded.state === 'loading') return <Widget.Loading />;
  if (loaded.state === 'forbidden') return <Widget.NoPermissions>{formatMessage(message('review.forbidden'))}</Widget.NoPermissions>;
  if (loaded.state === 'error') return <Widget.Error>{formatMessage(message('error'))}</Widget.Error>;
  const items = loaded.data;
  if (items.length === 0) return <Widget.NoData>{formatMessage(message('review.empty'))}</Widget.NoData>;

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Box tag="ul">
        {items.slice(0, SHOWN).map((item) => (
          <Box tag="li" key={`${item.type}-${item.documentId}`} paddingBottom={2}>
            <Link tag={RouterLink} to={editPath(item)}>
              {item.title}
            </Link>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {formatMessage(message(item.type === 'event' ? 'review.event' : 'review.call'))}
              {item.neighbourhoods.length > 0 ? ` · ${item.neighbourhoods.join(', ')}` : ''}
              {' · '}
              {formatMessage(message('review.by'), { author: item.author.name, when: formatWhen(item.updatedAt, locale) })}
            </Typography>
          </Box>
        ))}
      </Box>
      <Flex gap={4} wrap="wrap">
        <Link tag={RouterLink} to={listPath('event')}>
          {formatMessage(message('review.allEvents'))}
        </Link>
        <Link tag={RouterLink} to={listPath('call')}>
          {formatMessage(message('review.allCalls'))}
        </Link>
      </Flex>
    </Flex>
  );
}
