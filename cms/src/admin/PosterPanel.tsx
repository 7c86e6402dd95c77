import { Flex, Link, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { PosterLinkAnswer } from '../admin-api/poster-link';
import { useAdminJson } from './widgets/use-admin-json';
import { message } from './widgets/messages';

/**
 * « Imprimer une affiche » in the edit view of an event, call, consultation or petition: the
 * published item's poster on the public site (cms/src/admin-api/poster-link.ts decides the address
 * or why there is none yet). Other content types get no panel.
 */
const POSTER_MODELS = new Set(['api::event.event', 'api::call.call', 'api::consultation.consultation', 'api::petition.petition']);

function PosterLinkContent({ model, documentId, locale }: { model: string; documentId: string; locale: string }) {
  const { formatMessage } = useIntl();
  const query = new URLSearchParams({ model, documentId, locale });
  const loaded = useAdminJson<PosterLinkAnswer>(`/passerelle/affiche?${query.toString()}`);
  if (loaded.state === 'loading') return null;
  if (loaded.state !== 'ready') return <Typography variant="pi">{formatMessage(message('error'))}</Typography>;
  const answer = loaded.data;
  if ('missing' in answer) {
    return <Typography variant="pi">{formatMessage(message(answer.missing === 'no-slug' ? 'poster.no-slug' : 'poster.not-published'))}</Typography>;
  }
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Link href={answer.url} isExternal>
        {formatMessage(message('poster.print'))}
      </Link>
      <Typography variant="pi" textColor="neutral600">
        {formatMessage(message('poster.opensSite'))}
      </Typography>
    </Flex>
  );
}

/**
 * What the Content Manager gives a side panel (its `PanelComponentProps`, which @strapi/strapi/admin
 * does not export): the parts read here.
 */
export interface SidePanelProps {
  model: string;
  /** Undefined while an entry is being created. */
  documentId?: string;
  document?: { locale?: unknown };
}
export type SidePanel = (props: SidePanelProps) => { title: string; content: ReactNode } | null;

/** The locale of the entry on screen (the edit view's locale switch). */
function entryLocale(document: SidePanelProps['document']): string {
  const fromDocument = document && typeof document.locale === 'string' ? document.locale : null;
  return fromDocument === 'en' ? 'en' : 'fr';
}

// Strapi renders a panel description as a component: hooks are allowed, before any return.
export const PosterPanel: SidePanel = ({ model, documentId, document }) => {
  const { formatMessage } = useIntl();
  if (!POSTER_MODELS.has(model)) return null;
  const title = formatMessage(message('poster.title'));
  // A new entry has no document yet: nothing published, so the hint.
  return {
    title,
    content: documentId ? (
      <PosterLinkContent model={model} documentId={documentId} locale={entryLocale(document)} />
    ) : (
      <NotPublishedYet />
    ),
  };
};

function NotPublishedYet() {
  const { formatMessage } = useIntl();
  return <Typography variant="pi">{formatMessage(message('poster.not-published'))}</Typography>;
}
