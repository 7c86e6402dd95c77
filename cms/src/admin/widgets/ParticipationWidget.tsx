import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { channels, type ChannelReport, type ShownCount } from '../../participation/channel-counts';
import { message } from './messages';
import { useAdminJson } from './use-admin-json';

/**
 * How many people took part in each item and neighbourhood, by web, text, phone and paper. The
 * server masks counts from 1 to 4; this only lays them out, as plain tables a screen reader reads.
 */
export default function ParticipationWidget() {
  const { formatMessage } = useIntl();
  const loaded = useAdminJson<ChannelReport>('/passerelle/participation');
  if (loaded.state === 'loading') return null;
  if (loaded.state === 'forbidden') return <Typography>{formatMessage(message('consultations.forbidden'))}</Typography>;
  if (loaded.state === 'error') return <Typography>{formatMessage(message('error'))}</Typography>;
  const report = loaded.data;
  if (report.items.length === 0) return <Typography>{formatMessage(message('participation.empty'))}</Typography>;
  const cell = (value: ShownCount) => <td style={{ textAlign: 'right', padding: '0 4px' }}>{String(value)}</td>;
  const head = (first: 'participation.item' | 'participation.neighbourhood') => (
    <thead>
      <tr>
        <th scope="col" style={{ textAlign: 'left' }}>{formatMessage(message(first))}</th>
        {channels.map((c) => (
          <th scope="col" key={c}>{formatMessage(message(`participation.${c}`))}</th>
        ))}
        <th scope="col">{formatMessage(message('participation.total'))}</th>
      </tr>
    </thead>
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Box>
        <table style={{ width: '100%', fontSize: '1.3rem' }}>
          {head('participation.item')}
          <tbody>
            {report.items.slice(0, 20).map((line) => (
              <tr key={`${line.kind}:${line.documentId}`}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>{line.title}</th>
                {channels.map((c) => cell(line.counts[c]))}
                {cell(line.total)}
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
      <Typography variant="sigma" tag="h3">{formatMessage(message('participation.byNeighbourhood'))}</Typography>
      <Box>
        <table style={{ width: '100%', fontSize: '1.3rem' }}>
          {head('participation.neighbourhood')}
          <tbody>
            {report.neighbourhoods.map((line) => (
              <tr key={line.name}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>{line.name}</th>
                {channels.map((c) => cell(line.counts[c]))}
                {cell(line.total)}
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
      <Typography variant="pi" textColor="neutral600">{formatMessage(message('participation.privacy'))}</Typography>
    </Flex>
  );
}
