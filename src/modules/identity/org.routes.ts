/** HTTP face of departments, resident accounts, areas and the overview counts. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, ListOf, Paged } from '../../platform/http/schemas.ts';
import {
  AreaOut, AreaQuery, CreateDepartmentBody, CreateResidentBody, DepartmentOut, OverviewOut, ResidentAccountOut,
  ResidentListQuery, UpdateDepartmentBody, UpdateResidentBody,
} from './schema.ts';
import { P } from './policies.ts';
import * as svc from './org.service.ts';

export async function orgRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/overview', {
    config: { access: 'authenticated' },
    schema: { tags: ['center'], summary: 'Counts for the dashboard', response: { 200: OverviewOut } },
  }, async (req) => svc.overview(db, ctxOf(req)));

  r.get('/api/departments', {
    config: { access: 'authenticated' },
    schema: { tags: ['departments'], summary: 'Departments of this center', response: { 200: ListOf(DepartmentOut) } },
  }, async (req) => svc.listDepartments(db, ctxOf(req)));
  r.post('/api/departments', {
    config: { access: { permission: P.departmentsManage } },
    schema: { tags: ['departments'], summary: 'Create a department', body: CreateDepartmentBody, response: { 201: DepartmentOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createDepartment(db, ctxOf(req), req.body)));
  r.patch('/api/departments/:id', {
    config: { access: { permission: P.departmentsManage } },
    schema: { tags: ['departments'], summary: 'Change a department', params: IdParams, body: UpdateDepartmentBody, response: { 200: DepartmentOut } },
  }, async (req) => svc.updateDepartment(db, ctxOf(req), req.params.id, req.body));
  r.delete('/api/departments/:id', {
    config: { access: { permission: P.departmentsManage } },
    schema: { tags: ['departments'], summary: 'Delete an empty department', params: IdParams },
  }, async (req, reply) => {
    await svc.deleteDepartment(db, ctxOf(req), req.params.id);
    return reply.status(204).send();
  });

  r.get('/api/resident-accounts', {
    config: { access: 'authenticated' },
    schema: { tags: ['resident accounts'], summary: 'Resident accounts (入驻单位): towns and county departments', querystring: ResidentListQuery, response: { 200: Paged(ResidentAccountOut) } },
  }, async (req) => svc.listResidentAccounts(db, ctxOf(req), req.query));
  r.post('/api/resident-accounts', {
    config: { access: { permission: P.residentAccountsManage } },
    schema: { tags: ['resident accounts'], summary: 'Create a resident account', body: CreateResidentBody, response: { 201: ResidentAccountOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createResidentAccount(db, ctxOf(req), req.body)));
  r.patch('/api/resident-accounts/:id', {
    config: { access: { permission: P.residentAccountsManage } },
    schema: { tags: ['resident accounts'], summary: 'Change or suspend a resident account', params: IdParams, body: UpdateResidentBody, response: { 200: ResidentAccountOut } },
  }, async (req) => svc.updateResidentAccount(db, ctxOf(req), req.params.id, req.body));

  r.get('/api/areas', {
    config: { access: { permission: P.areasRead } },
    schema: { tags: ['areas'], summary: 'Area tree, one level at a time (no parent: the roots)', querystring: AreaQuery, response: { 200: ListOf(AreaOut) } },
  }, async (req) => svc.listAreas(db, ctxOf(req), req.query.parent));
}
