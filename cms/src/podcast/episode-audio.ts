import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errors } from '@strapi/utils';
import { podcastAudio } from '@passerelle/shared/content';
import { cmsConfig } from '../config';
import type { DocumentMiddleware, StrapiInstance } from '../document-middlewares/types';
import { AudioRefusal, transcode, type AudioProblem, type AudioTools } from './audio-tools';

export const EPISODE_UID = 'api::episode.episode';

/** Editors read these in the admin panel: French first, English in brackets, as validate-content.ts. */
export const episodeMessages = {
  notAudio:
    'Ce fichier n’est pas un son que nous savons lire : choisissez l’enregistrement de l’épisode (MP3, M4A, WAV, OGG ou FLAC) ' +
    '(this file is not audio).',
  corrupt:
    'Le fichier son est abîmé ou incomplet (coupé pendant l’envoi ?) : exportez-le de nouveau depuis votre logiciel et téléversez-le encore ' +
    '(the audio file is damaged or incomplete).',
  tooLong: (minutes: number, max: number) =>
    `L’épisode dure ${minutes} minutes : ${max} minutes au plus. Coupez-le en deux épisodes ` + `(episodes are at most ${max} minutes long).`,
  tools: 'Le serveur ne peut pas préparer le son (ffmpeg manque) : prévenez l’équipe technique (ffmpeg is missing on the server).',
  missingFile: 'Le fichier son choisi n’est plus dans la médiathèque : choisissez-le de nouveau (the audio file is no longer in the media library).',
  remoteFile:
    'Le son doit être dans la médiathèque de Passerelle (stockage local) pour être préparé (audio must be in the local media library).',
  noTranscript:
    'Ajoutez la transcription complète avant de publier : elle rend l’épisode accessible aux personnes sourdes ou malentendantes ' +
    'et permet de le trouver par la recherche (a transcript is required to publish).',
  noAudio:
    'Ajoutez le fichier son de l’épisode avant de publier : la version légère et la version standard sont faites à l’enregistrement ' +
    '(an episode needs its audio, saved, before it is published).',
} as const;

/** The fields only this module writes: whatever a client sends for them is dropped. */
const DERIVED = ['lowDataAudio', 'standardAudio', 'phoneAudio', 'durationSeconds', 'audioMadeFrom'] as const;

function fail(message: string, field: string): never {
  throw new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });
}

function refusalMessage(problem: AudioProblem, seconds: number | undefined, maxMinutes: number): string {
  if (problem === 'tooLong') return episodeMessages.tooLong(Math.round((seconds ?? 0) / 60), maxMinutes);
  return episodeMessages[problem];
}

/** A media field as the admin panel, REST or the document service send it: id, `{ id }`, or null. */
function mediaId(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  const raw = Array.isArray(value) ? value[0] : typeof value === 'object' ? (value as { id?: unknown }).id : value;
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 ? id : null;
}

export interface UploadedFile {
  id: number;
  url: string;
  provider: string;
  name: string;
}

interface StoredEpisode {
  audioMadeFrom: number | null;
  transcript: string | null;
  lowDataAudio: UploadedFile | null;
  standardAudio: UploadedFile | null;
  phoneAudio: UploadedFile | null;
}

function toolsFromConfig(): AudioTools & { maxMinutes: number } {
  const podcast = cmsConfig().podcast;
  return { ffmpeg: podcast.FFMPEG_PATH, ffprobe: podcast.FFPROBE_PATH, maxSeconds: podcast.EPISODE_MAX_MINUTES * 60, maxMinutes: podcast.EPISODE_MAX_MINUTES };
}

const uploadService = (strapi: StrapiInstance) =>
  strapi.plugin('upload').service('upload') as {
    upload(input: { data: { fileInfo: Record<string, unknown> }; files: Record<string, unknown> }): Promise<UploadedFile[]>;
    remove(file: UploadedFile): Promise<unknown>;
  };

async function registerFile(strapi: StrapiInstance, filepath: string, name: string, mime: string, caption: string): Promise<UploadedFile> {
  const { size } = await stat(filepath);
  const [file] = await uploadService(strapi).upload({
    data: { fileInfo: { name, caption } },
    files: { filepath, originalFilename: name, mimetype: mime, size },
  });
  if (!file) throw new Error('the upload service returned no file');
  return file;
}

export interface MadeVersions {
  lowData: UploadedFile;
  standard: UploadedFile;
  phone: UploadedFile;
  seconds: number;
}

/**
 * The three versions of one uploaded file (low-data, standard, phone), registered in the media library, or a ValidationError with
 * the editor's message. Temporary files are always removed; a version registered before a later
 * step failed is removed too: nothing half-made is left behind.
 */
export async function makeVersions(strapi: StrapiInstance, sourceId: number): Promise<MadeVersions> {
  const tools = toolsFromConfig();
  const source = (await strapi.db.query('plugin::upload.file').findOne({ where: { id: sourceId } })) as UploadedFile | null;
  if (!source) fail(episodeMessages.missingFile, 'audio');
  if (source.provider !== 'local' || !source.url.startsWith('/uploads/')) fail(episodeMessages.remoteFile, 'audio');
  const sourcePath = path.join(strapi.dirs.static.public, path.normalize(source.url));

  const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-balado-'));
  const registered: UploadedFile[] = [];
  try {
    const base = path.parse(source.name).name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'episode';
    const versions = await transcode(tools, sourcePath, dir, base);
    registered.push(await registerFile(strapi, versions.lowData, path.basename(versions.lowData), podcastAudio.lowData.mime, 'Version légère (low-data)'));
    registered.push(await registerFile(strapi, versions.standard, path.basename(versions.standard), podcastAudio.standard.mime, 'Version standard'));
    registered.push(await registerFile(strapi, versions.phone, path.basename(versions.phone), podcastAudio.phone.mime, 'Version téléphone (ligne téléphonique)'));
    return { lowData: registered[0]!, standard: registered[1]!, phone: registered[2]!, seconds: versions.seconds };
  } catch (error) {
    await removeFiles(strapi, registered);
    if (error instanceof AudioRefusal) {
      strapi.log.warn(`[passerelle] episode audio ${sourceId} refused: ${error.problem}`);
      fail(refusalMessage(error.problem, error.detail.seconds, tools.maxMinutes), 'audio');
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function removeFiles(strapi: StrapiInstance, files: ReadonlyArray<UploadedFile | null | undefined>): Promise<void> {
  for (const file of files) {
    if (!file) continue;
    try {
      await uploadService(strapi).remove(file);
    } catch (error) {
      strapi.log.error(`[passerelle] could not remove episode audio ${file.id}: ${(error as Error).message}`);
    }
  }
}

/** A derived file still used by another version of an episode (the published one) is kept. */
async function removeUnused(strapi: StrapiInstance, files: ReadonlyArray<UploadedFile | null>): Promise<void> {
  const unused: UploadedFile[] = [];
  for (const file of files) {
    if (!file) continue;
    const users = await strapi.db.query(EPISODE_UID).count({ where: { $or: [{ lowDataAudio: { id: file.id } }, { standardAudio: { id: file.id } }, { phoneAudio: { id: file.id } }] } });
    if (users === 0) unused.push(file);
  }
  await removeFiles(strapi, unused);
}

async function storedDrafts(strapi: StrapiInstance, documentId: string, locale?: unknown): Promise<StoredEpisode[]> {
  const byLocale = typeof locale === 'string' && locale !== '*' ? { locale } : {};
  return (await strapi.db.query(EPISODE_UID).findMany({
    where: { documentId, publishedAt: null, ...byLocale },
    populate: ['lowDataAudio', 'standardAudio', 'phoneAudio'],
  })) as StoredEpisode[];
}

const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

function refuseUnpublishable(episode: Pick<StoredEpisode, 'transcript' | 'lowDataAudio' | 'standardAudio'>): void {
  if (blank(episode.transcript)) fail(episodeMessages.noTranscript, 'transcript');
  if (!episode.lowDataAudio || !episode.standardAudio) fail(episodeMessages.noAudio, 'audio');
}

/**
 * Episodes' audio and publication rules (decision 0034). On create/update with a new `audio`, the
 * file is checked and transcoded before the write goes on, so a refusal reaches the editor as the
 * save's own error and nothing is stored; the admin waits while it runs (about 3 s per minute
 * of audio on two cores, docs/balado.md). Publishing needs a transcript and both versions.
 */
export function episodeAudio(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    if (ctx.uid !== EPISODE_UID) return next();

    if (ctx.action === 'publish') {
      const drafts = await storedDrafts(strapi, ctx.params.documentId!, ctx.params.locale);
      drafts.forEach(refuseUnpublishable);
      return next();
    }
    if (ctx.action !== 'create' && ctx.action !== 'update') return next();

    const data: Record<string, unknown> = ctx.params.data ?? {};
    for (const field of DERIVED) delete data[field];
    const [stored] = ctx.action === 'update' && ctx.params.documentId ? await storedDrafts(strapi, ctx.params.documentId) : [];
    const audio = mediaId(data.audio);

    let made: MadeVersions | null = null;
    if (audio === null) {
      Object.assign(data, { lowDataAudio: null, standardAudio: null, phoneAudio: null, durationSeconds: null, audioMadeFrom: null });
    } else if (audio !== undefined && !(stored?.audioMadeFrom === audio && stored.lowDataAudio && stored.standardAudio && stored.phoneAudio)) {
      made = await makeVersions(strapi, audio);
      Object.assign(data, { lowDataAudio: made.lowData.id, standardAudio: made.standard.id, phoneAudio: made.phone.id, durationSeconds: made.seconds, audioMadeFrom: audio });
    }

    let result: unknown;
    try {
      if (ctx.params.status === 'published') {
        refuseUnpublishable({
          transcript: ('transcript' in data ? data.transcript : stored?.transcript) as string | null,
          lowDataAudio: made?.lowData ?? (audio === null ? null : (stored?.lowDataAudio ?? null)),
          standardAudio: made?.standard ?? (audio === null ? null : (stored?.standardAudio ?? null)),
        });
      }
      result = await next();
    } catch (error) {
      if (made) await removeFiles(strapi, [made.lowData, made.standard, made.phone]);
      throw error;
    }
    if (stored && (made || audio === null)) await removeUnused(strapi, [stored.lowDataAudio, stored.standardAudio, stored.phoneAudio]);
    return result;
  };
}
