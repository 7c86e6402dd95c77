import { useState } from 'react';
import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useFetchClient, useNotification, Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { ConsultationAnswerCount } from '../../participation/consultations/answer-counts';
import { formatDay } from './format';
import { message } from './messages';
import { saveFile } from './save-file';
import { useAdminJson } from './use-admin-json';

/**
 * Published consultations with their number of answers and a CSV download. The file is fetched
 * with the admin's token (a plain link could not send it) and handed to the browser as a download.
 */
export default function ConsultationsWidget() {
  const { formatMessage, locale } = useIntl();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [downloading, setDownloading] = useState<string | null>(null);
  const loaded = useAdminJson<ConsultationAnswerCount[]>('/passerelle/consultations');
  if (loaded.state === 'loading') return <Widget.Loading />;
  if (loaded.state === 'forbidden') return <Widget.NoPermissions>{formatMessage(message('consultations.forbidden'))}</Widget.NoPermissions>;
  if (loaded.state === 'error') return <Widget.Error>{formatMessage(message('error'))}</Widget.Error>;
  const consultations = loaded.data;
  if (consultations.length === 0) return <Widget.NoData>{formatMessage(message('consultations.empty'))}</Widget.NoData>;

  const download = async (consultation: ConsultationAnswerCount) => {
    setDownloading(consultation.slug);
    try {
      const response = await get(`/passerelle/consultations/${encodeURIComponent(consultation.slug)}/reponses.csv`, { responseType: 'blob' });
      saveFile(response.data, `consultation-${consultation.slug}-reponses.csv`);
    } catch {
      toggleNotification({ type: 'danger', message: formatMessage(message('consultations.download.failed')) });
    } finally {
      setDownloading(null);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Box tag="ul">
        {consultations.map((consultation) => (
          <Flex tag="li" key={consultation.documentId} justifyContent="space-between" alignItems="center" gap={2} paddingBottom={2}>
            <Box>
              <Flex gap={2} alignItems="center">
                <Typography variant="omega" fontWeight="semiBold" tag="p">
                  {consultation.title}
                </Typography>
                <Badge active={consultation.period === 'open'}>{formatMessage(message(`consultations.${consultation.period}`))}</Badge>
              </Flex>
              <Typography variant="pi" textColor="neutral600" tag="p">
                {formatMessage(message('consultations.period'), { opens: formatDay(consultation.opensAt, locale), closes: formatDay(consultation.closesAt, locale) })}
                {' · '}
                {formatMessage(message('consultations.answers'), { count: consultation.answers })}
                {consultation.suspect > 0 ? ` (${formatMessage(message('consultations.suspect'), { count: consultation.suspect })})` : ''}
              </Typography>
            </Box>
            <Button
              variant="tertiary"
              size="S"
              startIcon={<Download />}
              disabled={consultation.answers === 0}
              loading={downloading === consultation.slug}
              aria-label={formatMessage(message('consultations.download.label'), { title: consultation.title })}
              onClick={() => void download(consultation)}
            >
              {formatMessage(message('consultations.download'))}
            </Button>
          </Flex>
        ))}
      </Box>
      <Typography variant="pi" textColor="neutral600">
        {formatMessage(message('consultations.privacy'))}
      </Typography>
    </Flex>
  );
}
