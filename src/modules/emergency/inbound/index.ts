/**
 * Incoming alerts from other platforms (GD/J 083 receive) and the trusted certificates
 * they are verified against (GD/J 081 authorization list). See README.md.
 */
export { inboundRoutes, MAX_PACKAGE_BYTES } from './routes.ts';
export { addCert, listCerts, revokeCert } from './certs.service.ts';
export { receive } from './receive.service.ts';
