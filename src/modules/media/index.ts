/**
 * Media library (素材库): upload images, audio, video and documents (type decided by
 * content), previews and measurements, tags, search, which manuscripts use a file, and
 * safe serving to logged-in staff. Other modules import only from here.
 */
import type { RongmeiModule } from '../../platform/module.ts';
import { mediaPermissions } from './policies.ts';
import { mediaRoutes, type MediaOptions } from './routes.ts';

export { P as MediaPermissions } from './policies.ts';
export type { MediaStore, MediaBody, ByteRange } from './store.ts';
export { LocalMediaStore } from './store.ts';
export type { MediaFilesTable, MediaTagsTable } from './types.ts';
export type { MediaOptions } from './routes.ts';

/** The module with its options fixed (another store, other limits): for deployments and tests. */
export function createMediaModule(options: MediaOptions = {}): RongmeiModule {
  return {
    name: 'media',
    permissions: mediaPermissions,
    async routes(app, deps) {
      await mediaRoutes(app, deps, options);
    },
  };
}

/** The media library with its defaults: files under DATA_DIR/media, 20/50/200/20 MB limits. */
export const mediaModule: RongmeiModule = createMediaModule();
