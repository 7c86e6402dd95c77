import { z } from 'zod';
import { baseItemSelection, baseItemShape, isoDateTime, optionalText } from './common.ts';
import { consultationOutcomeStatuses, outcomeSelection, outcomeShape } from './outcome.ts';

export const questionKinds = ['single', 'multiple', 'text', 'scale'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const questionSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    prompt: z.string().min(1),
    kind: z.enum(questionKinds),
    options: z.array(z.string().min(1)).nullish().transform((v) => v ?? []),
    required: z.boolean().nullish().transform((v) => v ?? false),
  })
  .refine((q) => (q.kind === 'single' || q.kind === 'multiple' ? q.options.length >= 2 : true), {
    message: 'a choice question needs at least two options',
  });
export type Question = z.infer<typeof questionSchema>;

export const consultationSelection = `${baseItemSelection}
  opensAt closesAt results ${outcomeSelection}
  questions { id prompt kind options required }`;

export const consultationSchema = z
  .object({
    ...baseItemShape,
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    results: optionalText,
    questions: z.array(questionSchema).default([]),
    ...outcomeShape(consultationOutcomeStatuses),
  })
  .refine((c) => c.closesAt > c.opensAt, { message: 'consultation closes before it opens' });

export type Consultation = z.infer<typeof consultationSchema>;
