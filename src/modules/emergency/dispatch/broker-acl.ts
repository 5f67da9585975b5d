/**
 * The terminals' rights on the platform's MQTT broker: a terminal logged in as EBRID X
 * may publish only its own hello, heartbeat, ack and last will (…/eb/<kind>/X), and may
 * subscribe only to its own topic and the area topics of its own area chain (the area
 * is digits 2–13 of its EBRID, GD/J 080). No wildcards. So an ack on …/eb/ack/X came
 * from X, and no terminal can hear another area's commands or speak for another terminal.
 * The platform may do anything.
 */
import type { BrokerAcl } from '../../../platform/mqtt-auth.ts';
import { areaChain, parseTopic } from './wire.ts';

const UPLINK = new Set(['ack', 'hello', 'heartbeat', 'gone']);

export const terminalAcl: BrokerAcl = {
  mayPublish(who, topic) {
    if (who.kind === 'platform') return true;
    const t = parseTopic(topic);
    return !!t && UPLINK.has(t.kind) && t.id === who.ebrid;
  },
  maySubscribe(who, filter) {
    if (who.kind === 'platform') return true;
    if (filter.includes('+') || filter.includes('#')) return false;
    const t = parseTopic(filter);
    if (!t) return false;
    if (t.kind === 'terminal') return t.id === who.ebrid;
    return t.kind === 'area' && areaChain(who.ebrid.slice(1, 13)).includes(t.id);
  },
};
