/**
 * Images with sharp: measure, and make the two derived sizes the console and the
 * portal use (a 320 px thumbnail and a 1280 px display copy, WebP). Derived files carry
 * no metadata: sharp drops EXIF (GPS position, camera serial), XMP and IPTC unless
 * asked to keep them, and the pixels are turned upright first so nothing is lost.
 */
import sharp from 'sharp';
import { appError } from '../../platform/errors.ts';

/** Longest side of each derived size, in pixels. */
export const THUMB_PX = 320;
export const DISPLAY_PX = 1280;

export interface ImageInfo {
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  /** `hadExif`: the original carried EXIF (possibly a GPS position); the derived files do not. */
  details: { decoder: string; pages: number; hasAlpha: boolean; space: string; hadExif: boolean };
}

export interface Derived {
  thumb: Buffer;
  display: Buffer;
}

/** `truncated`: a cut-off file fails; harmless encoder warnings (extra bytes, odd markers) do not. */
const INPUT = { failOn: 'truncated' } as const;

function unreadable(err: unknown) {
  const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return appError('MEDIA_UNREADABLE', { field: 'file', message: 'The image is damaged or cut off and cannot be decoded: upload the complete file.', details: { reason } });
}

/** Reads the header: size as displayed, frames, what metadata it carried. */
export async function imageInfo(input: string | Buffer): Promise<ImageInfo> {
  try {
    const m = await sharp(input, INPUT).metadata();
    const pages = m.pages ?? 1;
    return {
      width: m.autoOrient.width,
      height: pages > 1 && m.pageHeight ? m.pageHeight : m.autoOrient.height,
      details: { decoder: m.format, pages, hasAlpha: m.hasAlpha, space: m.space, hadExif: !!m.exif },
    };
  } catch (err) {
    throw unreadable(err);
  }
}

/**
 * Decodes the whole image (so a damaged one is found now, not when a reader opens it)
 * and writes both sizes. Animated GIF/WebP keep their animation in the display copy.
 */
export async function imageDerivatives(input: string | Buffer, animated: boolean): Promise<Derived> {
  try {
    const thumb = await sharp(input, INPUT)
      .autoOrient()
      .resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    const display = await sharp(input, { ...INPUT, animated })
      .autoOrient()
      .resize({ width: DISPLAY_PX, height: DISPLAY_PX, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 84 })
      .toBuffer();
    return { thumb, display };
  } catch (err) {
    throw unreadable(err);
  }
}
