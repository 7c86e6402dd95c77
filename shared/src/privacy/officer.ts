import { z } from 'zod';

/**
 * The person in charge of the protection of personal information (Law 25, s. 3.1): their title and
 * contact details must be published on the organization's website. Set them for the site build.
 * The defaults name the role only, for the demo; a real deployment must set at least the email.
 */
export const privacyOfficerSchema = z.object({
  organization: z.string().min(1).default('Passerelle (démonstration)'),
  name: z.string().optional(),
  title: z.string().min(1).default('Responsable de la protection des renseignements personnels'),
  email: z.string().email().default('vie-privee@passerelle.local'),
  phone: z.string().optional(),
  address: z.string().optional(),
});
export type PrivacyOfficer = z.infer<typeof privacyOfficerSchema>;

export function privacyOfficerFromEnv(env: Record<string, string | undefined>): PrivacyOfficer {
  const pick = (name: string) => (env[name]?.trim() ? env[name].trim() : undefined);
  const parsed = privacyOfficerSchema.safeParse({
    organization: pick('PRIVACY_ORGANIZATION'),
    name: pick('PRIVACY_OFFICER_NAME'),
    title: pick('PRIVACY_OFFICER_TITLE'),
    email: pick('PRIVACY_OFFICER_EMAIL'),
    phone: pick('PRIVACY_OFFICER_PHONE'),
    address: pick('PRIVACY_OFFICER_ADDRESS'),
  });
  if (!parsed.success) {
    throw new Error(`Invalid privacy officer setting: ${parsed.error.issues.map((i) => `PRIVACY_OFFICER_${String(i.path[0]).toUpperCase()}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
