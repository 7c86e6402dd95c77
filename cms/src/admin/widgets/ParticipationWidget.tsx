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
  type Line = { key: string; name: string; counts: Record<(typeof channels)[number], ShownCount>; total: ShownCount };
  const cell = (key: string, value: ShownCount) => <td key={key} style={{ textAlign: 'right', padding: '0 4px' }}>{String(value)}</td>;
  // One table shape for items and neighbourhoods: a name, a count per channel, the total.
  const table = (first: 'participation.item' | 'participation.neighbourhood', lines: Line[]) => (
    <Box>
      <table style={{ width: '100%', fontSize: '1.3rem' }}>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'left' }}>{formatMessage(message(first))}</th>
            {channels.map((c) => (
              <th scope="col" key={c}>{formatMessage(message(`participation.${c}`))}</th>
            ))}
            <th scope="col">{formatMessage(message('participation.total'))}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key}>
              <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>{line.name}</th>
              {channels.map((c) => cell(c, line.counts[c]))}
              {cell('total', line.total)}
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {table('participation.item', report.items.slice(0, 20).map((line) => ({ key: `${line.kind}:${line.documentId}`, name: line.title, counts: line.counts, total: line.total })))}
      <Typography variant="sigma" tag="h3">{formatMessage(message('participation.byNeighbourhood'))}</Typography>
      {table('participation.neighbourhood', report.neighbourhoods.map((line) => ({ key: line.name, name: line.name, counts: line.counts, total: line.total })))}
      <Typography variant="pi" textColor="neutral600">{formatMessage(message('participation.privacy'))}</Typography>
    </Flex>
  );
}
