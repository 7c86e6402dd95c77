import { z } from 'zod';
import { isoDateTime, optionalDateTime, optionalText, slugSchema, topicRefSchema, topicRefSelection } from './common.ts';

/**
 * Training (formation) for community organizers and digital ambassadors: a module is a few units
 * read in order; each unit has its text, an optional balado episode, prompts for a peer session, a
 * printable fiche (one Letter page) and a short self-check. Nothing about the reader is kept: the
 * self-check's feedback is in the page (docs/training.md, decision 0038).
 */

/** Lines of a plain-text field (prompts, fiche points): one per line, blank lines dropped. */
export function textLines(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[-•*]\s*/, '').trim())
    .filter(Boolean);
}

export const trainingChoiceSchema = z.object({
  text: z.string().min(1),
  correct: z.boolean().nullish().transform((v) => v ?? false),
  feedback: z.string().min(1),
});

export const trainingQuestionSchema = z
  .object({ prompt: z.string().min(1), choices: z.array(trainingChoiceSchema).min(2) })
  .refine((q) => q.choices.filter((c) => c.correct).length === 1, { message: 'a self-check question has exactly one right choice' });

export const trainingUnitSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().min(1),
  /** The fiche's points, one a line (printed on one Letter page). */
  fiche: z.string().min(1),
  /** Questions for a peer session, one a line. */
  prompts: optionalText,
  episode: z.object({ slug: slugSchema, title: z.string().min(1) }).nullish().transform((v) => v ?? null),
  questions: z.array(trainingQuestionSchema).nullish().transform((v) => v ?? []),
});

export const trainingModuleSelection = `documentId slug title summary demo locale updatedAt publishedAt
  topics { ${topicRefSelection} }
  units { title body fiche prompts episode { slug title } questions { prompt choices { text correct feedback } } }`;

export const trainingModuleSchema = z
  .object({
    documentId: z.string().min(1),
    slug: slugSchema,
    title: z.string().min(1).max(200),
    summary: z.string().min(1).max(280),
    /** Demo content, shown as such on every page of the module. */
    demo: z.boolean().nullish().transform((v) => v ?? false),
    locale: z.enum(['fr', 'en']),
    updatedAt: isoDateTime,
    publishedAt: optionalDateTime,
    topics: z.array(topicRefSchema).nullish().transform((v) => v ?? []),
    units: z.array(trainingUnitSchema).min(1),
  })
  .transform((m) => ({
    ...m,
    units: m.units.map((u, i) => ({ ...u, number: i + 1, ficheLines: textLines(u.fiche), promptLines: textLines(u.prompts) })),
  }));

export type TrainingModule = z.infer<typeof trainingModuleSchema>;
export type TrainingUnit = TrainingModule['units'][number];
