import { useState, type FormEvent } from 'react';
import { Box, Button, Field, Flex, Typography } from '@strapi/design-system';
import { Download, Trash } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { PersonExport } from '../../admin-api/person-export';
import { message } from './messages';
import { saveFile } from './save-file';

/**
 * Law 25 rights of access and erasure for one person, by the email or phone they used: download
 * everything kept about them (JSON or CSV), or erase it after typing the contact a second time.
 * Super admins only (the person in charge of personal information); the server checks it again.
 */
export default function PersonDataWidget() {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [contact, setContact] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState<'json' | 'csv' | 'erase' | null>(null);
  const [erasedTotal, setErasedTotal] = useState<number | null>(null);
  const fail = () => toggleNotification({ type: 'danger', message: formatMessage(message('person.failed')) });

  const download = async (format: 'json' | 'csv') => {
    if (!contact.trim()) return;
    setBusy(format);
    try {
      // In the body, not the URL: a contact in a URL ends up in server logs and browser history.
      const response = await post<{ data: PersonExport }>('/passerelle/personne/export', { contact: contact.trim(), format });
      const file = response.data.data;
      saveFile(new Blob([file.content], { type: file.contentType }), file.fileName);
    } catch {
      fail();
    } finally {
      setBusy(null);
    }
  };

  const erase = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('erase');
    setErasedTotal(null);
    try {
      const response = await post<{ data: { total: number } }>('/passerelle/personne/effacement', { contact: contact.trim(), confirm: confirm.trim() });
      setErasedTotal(response.data.data.total);
      setConfirm('');
    } catch {
      fail();
    } finally {
      setBusy(null);
    }
  };

  const confirmed = contact.trim() !== '' && confirm.trim() === contact.trim();
  return (
    <Flex tag="form" direction="column" alignItems="stretch" gap={3} onSubmit={(event: FormEvent) => void erase(event)}>
      <Field.Root name="passerelle-person-contact" hint={formatMessage(message('person.contact.hint'))}>
        <Field.Label>{formatMessage(message('person.contact'))}</Field.Label>
        <Field.Input type="text" autoComplete="off" value={contact} onChange={(e) => setContact(e.target.value)} />
        <Field.Hint />
      </Field.Root>
      <Flex gap={2}>
        <Button type="button" variant="secondary" size="S" startIcon={<Download />} disabled={!contact.trim()} loading={busy === 'json'} onClick={() => void download('json')}>
          {formatMessage(message('person.export.json'))}
        </Button>
        <Button type="button" variant="secondary" size="S" startIcon={<Download />} disabled={!contact.trim()} loading={busy === 'csv'} onClick={() => void download('csv')}>
          {formatMessage(message('person.export.csv'))}
        </Button>
      </Flex>
      <Field.Root name="passerelle-person-confirm" hint={formatMessage(message('person.confirm.hint'))}>
        <Field.Label>{formatMessage(message('person.confirm'))}</Field.Label>
        <Field.Input type="text" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        <Field.Hint />
      </Field.Root>
      <Box>
        <Button type="submit" variant="danger" size="S" startIcon={<Trash />} disabled={!confirmed} loading={busy === 'erase'}>
          {formatMessage(message('person.erase'))}
        </Button>
      </Box>
      <Box role="status">
        {erasedTotal !== null && (
          <Typography variant="omega" tag="p">
            {formatMessage(message('person.erased'), { count: erasedTotal })}
          </Typography>
        )}
      </Box>
    </Flex>
  );
}
