/**
 * A station in a test: an ocpp-rpc RPCClient over a real WebSocket, plus helpers to send raw frames
 * and wait for conditions without sleeping.
 */
import { RPCClient } from 'ocpp-rpc';

export type TestProtocol = 'ocpp1.6' | 'ocpp2.0.1';

export interface TestStationOptions {
  /** ws://host:port/ocpp (or with an institution slug). */
  endpoint: string;
  identity: string;
  password?: string;
  protocols?: string[];
  /** Validate our own calls? Off by default so tests can send what a broken station would. */
  strictMode?: boolean;
}

export type TestStation = InstanceType<typeof RPCClient>;

export function testStation(options: TestStationOptions): TestStation {
  // ocpp-rpc's typings declare every option as required; these are the ones that matter here.
  const clientOptions = {
    endpoint: options.endpoint,
    identity: options.identity,
    protocols: options.protocols ?? ['ocpp1.6'],
    strictMode: options.strictMode ?? false,
    reconnect: false,
    callTimeoutMs: 10_000,
    ...(options.password === undefined ? {} : { password: options.password }),
  };
  return new RPCClient(clientOptions as unknown as ConstructorParameters<typeof RPCClient>[0]);
}

/** Connects; resolves with the client, rejects with ocpp-rpc's error (carrying the HTTP status in `code`). */
export async function connectStation(options: TestStationOptions): Promise<TestStation> {
  const client = testStation(options);
  await client.connect();
  return client;
}

/** The HTTP status a refused connection attempt got. */
export async function refusedWith(options: TestStationOptions): Promise<number | undefined> {
  const client = testStation(options);
  try {
    await client.connect();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  await client.close({ force: true });
  throw new Error('The connection was accepted');
}

/** The error code of a CALLERROR the call was answered with. */
export async function callErrorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const code = (error as { rpcErrorCode?: string }).rpcErrorCode;
    if (code !== undefined) return code;
    throw error;
  }
  throw new Error('The call was answered with a CALLRESULT');
}

/**
 * Sends a raw frame and resolves with the parsed answer (the frame whose message id matches),
 * for frames a well-behaved client would never send.
 */
export function sendRaw(client: TestStation, frame: string, messageId: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`No answer to raw frame ${messageId}`));
    }, 5_000);
    const onMessage = (event: { message: Buffer | string; outbound: boolean }) => {
      if (event.outbound) return;
      const parsed = JSON.parse(event.message.toString()) as unknown[];
      if (parsed[1] !== messageId) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(parsed);
    };
    client.on('message', onMessage);
    client.sendRaw(frame);
  });
}

/** Polls until `check` returns something other than undefined/false, at most `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 5_000, intervalMs = 20, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
