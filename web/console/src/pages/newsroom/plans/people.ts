/**
 * Whom a plan can be assigned to. The staff list (GET /api/users) needs
 * identity.users.read, which newsroom deciders usually lack; then the people the
 * decider can already see stand in: proposers and assignees of plans, and authors of
 * manuscripts. `complete` says which of the two it is.
 */
import { api, ApiError } from '../../../api/client';
import type { Manuscript, Page, PlanBoard, User } from '../../../api/types';
import { useAsync } from '../../../common/useAsync';

export interface Person {
  id: string;
  name: string;
  /** Department, when the staff list is readable. */
  detail?: string;
}

export interface People {
  people: Person[];
  /** true: every active user of the center; false: only those met in plans and manuscripts. */
  complete: boolean;
}

async function fromStaffList(): Promise<Person[]> {
  const people: Person[] = [];
  for (let page = 1; page <= 10; page++) {
    const r = await api.get<Page<User>>('/api/users', { status: 'active', sort: 'displayName', page, pageSize: 200 });
    people.push(...r.items.map((u) => ({ id: u.id, name: u.displayName, detail: u.department?.name ?? u.username })));
    if (page * r.pageSize >= r.total) break;
  }
  return people;
}

async function fromWhatIsVisible(me: Person): Promise<Person[]> {
  const byId = new Map<string, Person>([[me.id, me]]);
  const [board, manuscripts] = await Promise.all([
    api.get<PlanBoard>('/api/plans/board'),
    api.get<Page<Manuscript>>('/api/manuscripts', { pageSize: 200, sort: '-updatedAt' }).catch(() => null),
  ]);
  for (const plan of board.columns.flatMap((c) => c.items)) {
    byId.set(plan.proposer.id, { id: plan.proposer.id, name: plan.proposer.name });
    for (const a of plan.assignments) byId.set(a.userId, { id: a.userId, name: a.name });
  }
  for (const m of manuscripts?.items ?? []) byId.set(m.author.id, { id: m.author.id, name: m.author.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export async function loadPeople(me: Person): Promise<People> {
  try {
    return { people: await fromStaffList(), complete: true };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 403) throw err;
    return { people: await fromWhatIsVisible(me), complete: false };
  }
}

/** The people to pick from; loaded only when `enabled` (the assignment editor is shown). */
export function usePeople(me: Person, enabled: boolean) {
  return useAsync(() => (enabled ? loadPeople(me) : Promise.resolve(undefined)), [me.id, enabled]);
}
