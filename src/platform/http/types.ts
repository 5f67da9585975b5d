/** Fastify type augmentation: every route declares `config.access`; requests carry the actor. */
import type { Access } from '../permissions.ts';
import type { Actor } from '../auth/actor.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The body this route takes when not JSON (a body type nothing can parse gets a 415 naming it). */
    bodyType?: 'multipart/form-data';
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export {};
