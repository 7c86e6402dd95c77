/**
 * The message providers of `npm run start:stack`: a local SMTP server and a local fake of Twilio's
 * REST API, so the CMS can run in production mode on one machine without sending anything. Every
 * email and text message received is appended to a JSON-lines file (who, subject, text), where a
 * person trying the stack finds the confirmation links and codes. Prints one JSON line with what
 * the CMS needs (SMTP port, Twilio URL and credentials), then runs until stopped.
 *
 *   pnpm --filter @passerelle/tests exec tsx support/local-providers.ts <messages.jsonl>
 */
import { appendFileSync } from 'node:fs';
import { startFakeTwilio } from './fake-twilio.ts';
import { startSmtpMailbox } from './smtp-mailbox.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: local-providers.ts <messages.jsonl>');

const mailbox = await startSmtpMailbox();
const twilio = await startFakeTwilio();
let emails = 0;
let texts = 0;
// Both fakes keep what they receive in arrays: copy each new entry to the file, once.
setInterval(() => {
  for (const mail of mailbox.received.slice(emails)) {
    emails++;
    appendFileSync(file, `${JSON.stringify({ channel: 'email', to: mail.envelope.to.join(', '), subject: mail.parsed.subject ?? '', text: mail.parsed.text ?? '' })}\n`);
  }
  for (const sms of twilio.received.slice(texts)) {
    texts++;
    appendFileSync(file, `${JSON.stringify({ channel: 'sms', to: sms.to, text: sms.body })}\n`);
  }
}, 250);

console.log(JSON.stringify({ smtpPort: mailbox.port, twilioUrl: twilio.url, twilioAccountSid: twilio.accountSid, twilioAuthToken: twilio.authToken }));
const stop = () => void Promise.all([mailbox.close(), twilio.close()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
