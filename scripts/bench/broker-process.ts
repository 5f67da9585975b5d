/**
 * An MQTT broker in its own process for `npm run bench:eb` (one process holds at most
 * ~20,000 sockets here, so 20,000 terminals need brokers in separate processes): the
 * platform's embedded broker code, with the same credentials and ACL, on a free port.
 * Tells its parent `{ url }` over IPC; exits when the parent goes.
 */
import { startEmbeddedBroker } from '../../src/platform/mqtt.ts';
import { brokerAuth, brokerSecret } from '../../src/platform/mqtt-auth.ts';
import { terminalAcl } from '../../src/modules/emergency/dispatch/broker-acl.ts';

const dataDir = process.argv[2]!;
const broker = await startEmbeddedBroker('0.0.0.0', 0, brokerAuth(brokerSecret(dataDir), terminalAcl));
process.send!({ url: broker.url });
process.on('disconnect', () => void broker.close().finally(() => process.exit(0)));
