import type { PermissionDef } from '../../../platform/permissions.ts';

export const P = {
  read: 'eb.broadcast.read',
  author: 'eb.broadcast.author',
  approve: 'eb.broadcast.approve',
  cancel: 'eb.broadcast.cancel',
  keys: 'eb.keys.manage',
} as const;

export const broadcastPermissions: PermissionDef[] = [
  { key: P.read, module: 'emergency', zh: '查看应急广播', en: 'View emergency broadcasts', roles: ['eb_operator', 'eb_approver', 'leader', 'engineer'] },
  { key: P.author, module: 'emergency', zh: '制作应急广播', en: 'Author emergency broadcasts', roles: ['eb_operator'] },
  { key: P.approve, module: 'emergency', zh: '审核签发应急广播', en: 'Approve emergency broadcasts', roles: ['eb_approver', 'leader'] },
  { key: P.cancel, module: 'emergency', zh: '一键取消应急广播', en: 'Cancel emergency broadcasts', roles: ['eb_operator', 'eb_approver', 'leader'] },
  { key: P.keys, module: 'emergency', zh: '管理签名密钥与证书', en: 'Manage signing keys and certificates', roles: ['engineer'] },
];
