/** `rongmei backup` and `rongmei restore`; the work is in platform/backup. */
import path from 'node:path';
import type { Config } from '../platform/config.ts';

export async function backupCommand(_args: string[], _config: Config): Promise<number> {
  console.error('backup: not wired yet');
  return 1;
}

export async function restoreCommand(_args: string[], _config: Config): Promise<number> {
  void path;
  console.error('restore: not wired yet');
  return 1;
}
