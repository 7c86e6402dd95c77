import { z } from 'zod';
import { isoDateTime, slugSchema } from './common.ts';

export const topicSelection = `documentId slug name locale updatedAt`;

export const topicSchema = z.object({
  documentId: z.string().min(1),
  slug: slugSchema,
  name: z.string().min(1),
  locale: z.enum(['fr', 'en']),
  updatedAt: isoDateTime,
});

export type Topic = z.infer<typeof topicSchema>;
