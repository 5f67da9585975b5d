/**
 * Who may use the embedded MQTT broker, and for what. Nobody connects anonymously:
 *
 *   the platform   username `rongmei-platform`, password HMAC-SM3(secret, "platform")
 *   a terminal     username = its EBRID,       password HMAC-SM3(secret, "terminal:" + EBRID)
 *
 * The secret is 32 random bytes in DATA_DIR/keys/mqtt.secret (made on first start, mode
 * 0600, outside the database and its backups), so terminal passwords can be derived for
 * provisioning (`rongmei eb terminal-password <EBRID>`) without a password table.
 * What each identity may publish or subscribe to is the `acl` a module supplies.
 * With MQTT_URL the external broker's own users and ACL apply instead (README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const PLATFORM_USERNAME = 'rongmei-platform';

export type BrokerIdentity = { kind: 'platform' } | { kind: 'terminal'; ebrid: string };

export interface BrokerAcl {
  mayPublish(who: BrokerIdentity, topic: string): boolean;
  maySubscribe(who: BrokerIdentity, topicFilter: string): boolean;
}

export interface BrokerAuth {
  /** The identity these credentials prove, or null. */
  authenticate(username: string | undefined, password: Buffer | undefined): BrokerIdentity | null;
  acl: BrokerAcl;
  /** The platform's own login. */
  platform: { username: string; password: string };
}

/** Reads (or makes) DATA_DIR/keys/mqtt.secret. */
export function brokerSecret(dataDir: string): Buffer {
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, 'mqtt.secret');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  } catch {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(32);
    try {
      fs.writeFileSync(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'); // another process made it first
    }
  }
}

function derive(secret: Buffer, label: string): string {
  return createHmac('sm3', secret).update(label, 'utf8').digest('hex');
}

/** The broker password of one terminal. */
export function terminalPassword(secret: Buffer, ebrid: string): string {
  return derive(secret, `terminal:${ebrid}`);
}

function same(a: string, b: Buffer | undefined): boolean {
  if (!b) return false;
  const x = Buffer.from(a, 'utf8');
  return x.length === b.length && timingSafeEqual(x, b);
}

export function brokerAuth(secret: Buffer, acl: BrokerAcl): BrokerAuth {
  const platformPassword = derive(secret, 'platform');
  return {
    acl,
    platform: { username: PLATFORM_USERNAME, password: platformPassword },
    authenticate(username, password) {
      if (username === PLATFORM_USERNAME) return same(platformPassword, password) ? { kind: 'platform' } : null;
      if (username && /^\d{23}$/.test(username) && same(terminalPassword(secret, username), password)) return { kind: 'terminal', ebrid: username };
      return null;
    },
  };
}
