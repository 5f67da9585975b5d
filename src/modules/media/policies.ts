/** Who may do what in the media library. */
import type { Actor } from '../../platform/auth/actor.ts';
import type { PermissionDef } from '../../platform/permissions.ts';

export const P = {
  read: 'media.read',
  write: 'media.write',
  delete: 'media.delete',
  library: 'media.library',
} as const;

export const mediaPermissions: PermissionDef[] = [
  { key: P.read, module: 'media', zh: '查看与下载素材', en: 'View and download media files', roles: ['editor', 'reviewer', 'leader', 'resident_staff'] },
  { key: P.write, module: 'media', zh: '上传素材与编辑标签', en: 'Upload media files and edit their tags', roles: ['editor', 'reviewer', 'leader', 'resident_staff'] },
  { key: P.delete, module: 'media', zh: '删除未被使用的素材', en: 'Delete unused media files', roles: ['leader'] },
  { key: P.library, module: 'media', zh: '查看全部素材库（否则仅本人上传）', en: 'See the whole media library (otherwise only own uploads)', roles: ['editor', 'reviewer', 'leader'] },
];

/** Which files an actor sees: the whole center's library, or only their own uploads. */
export type MediaVisibility = { all: true } | { all: false; uploadedBy: string };

/**
 * Staff holding `media.library` see every file of the center; others (resident-account
 * staff) see, use and tag only what they uploaded themselves. Files they may not see are
 * reported as not found, never as forbidden, so their existence does not leak.
 */
export function visibilityOf(actor: Actor): MediaVisibility {
  if (actor.permissions.has(P.library)) return { all: true };
  return { all: false, uploadedBy: actor.userId };
}

/** May this actor see this file? */
export function canSee(actor: Actor, file: { uploaded_by: string }): boolean {
  const vis = visibilityOf(actor);
  return vis.all || file.uploaded_by === vis.uploadedBy;
}
