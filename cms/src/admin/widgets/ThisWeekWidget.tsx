import { Badge, Box, Flex, Link, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import type { ThisWeek, WeekEvent } from '../../admin-api/this-week';
import { formatWhen } from './format';
import { message } from './messages';
import { useAdminJson } from './use-admin-json';

/** Today's and the next six days' published events, each with its seats taken: counts only. */
const editPath = (event: WeekEvent) => `/content-manager/collection-types/api::event.event/${event.documentId}?plugins[i18n][locale]=fr`;

function Seats({ event }: { event: WeekEvent }) {
  const { formatMessage } = useIntl();
  if (event.registrationMode !== 'form' && event.registrationMode !== 'phone') return <>{formatMessage(message('week.noRegistration'))}</>;
  const registered = formatMessage(message('week.registered'), { count: event.registered });
  const capacity = event.capacity === null ? '' : ` / ${event.capacity}`;
  const waitlisted = event.waitlisted > 0 ? ` · ${formatMessage(message('week.waitlisted'), { count: event.waitlisted })}` : '';
  return <>{`${registered}${capacity}${waitlisted}`}</>;
}

export default function ThisWeekWidget() {
  const { formatMessage, locale } = useIntl();
  const loaded = useAdminJson<ThisWeek>('/passerelle/cette-semaine', 60_000);
  if (loaded.state === 'loading') return <Widget.Loading />;
  if (loaded.state === 'forbidden') return <Widget.NoPermissions>{formatMessage(message('week.forbidden'))}</Widget.NoPermissions>;
  if (loaded.state === 'error') return <Widget.Error>{formatMessage(message('error'))}</Widget.Error>;
  const { events } = loaded.data;
  if (events.length === 0) return <Widget.NoData>{formatMessage(message('week.empty'))}</Widget.NoData>;

  return (
    <Box tag="ul">
      {events.map((event) => (
        <Box tag="li" key={event.documentId} paddingBottom={2}>
          <Flex gap={2} alignItems="center">
            <Link tag={RouterLink} to={editPath(event)}>
              {event.title}
            </Link>
            {event.cancelled ? <Badge>{formatMessage(message('week.cancelled'))}</Badge> : null}
          </Flex>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {formatWhen(event.startsAt, locale)}
            {' · '}
            <Seats event={event} />
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
