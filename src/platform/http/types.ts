/** Fastify type augmentation: every route declares `config.access`; requests carry the actor. */
import type { Access } from '../permissions.ts';
import type { Actor } from '../auth/actor.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export {};
