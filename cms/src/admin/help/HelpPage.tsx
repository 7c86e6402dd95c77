import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { helpIntro, helpSections, helpTitle } from './help-content';

/** The OCs' help page (menu "Aide"), in the admin user's language: French, or English. */
export default function HelpPage() {
  const { locale } = useIntl();
  const lang = locale.startsWith('en') ? 'en' : 'fr';
  return (
    <Page.Main>
      <Page.Title>{helpTitle[lang]}</Page.Title>
      <Layouts.Header title={helpTitle[lang]} subtitle={helpIntro[lang]} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {helpSections.map((section) => (
            <Box key={section.id} tag="section" aria-labelledby={`aide-${section.id}`} background="neutral0" padding={6} shadow="tableShadow" hasRadius>
              <Typography tag="h2" variant="delta" id={`aide-${section.id}`}>
                {section.title[lang]}
              </Typography>
              <Box tag="ol" paddingTop={3} paddingLeft={5} style={{ listStyle: 'decimal' }}>
                {section.steps.map((step) => (
                  <Box tag="li" key={step.fr} paddingBottom={2}>
                    <Typography variant="omega">{step[lang]}</Typography>
                  </Box>
                ))}
              </Box>
            </Box>
          ))}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
