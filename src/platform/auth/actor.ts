/** The authenticated caller of a request, as every service sees it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  centerId: string;
  centerCode: string;
  centerName: string;
  departmentId: string | null;
  residentAccountId: string | null;
  roles: string[];
  permissions: ReadonlySet<string>;
  sessionId: string;
  sessionKind: 'cookie' | 'bearer';
}

/** Request facts services need for the audit log. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
}

export function can(actor: Actor | null | undefined, permission: string): boolean {
  return !!actor && actor.permissions.has(permission);
}
