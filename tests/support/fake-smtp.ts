import { createServer, type AddressInfo, type Server } from 'node:net';

/**
 * A minimal SMTP server on loopback: accepts every envelope and keeps each message's DATA.
 * Enough for nodemailer without TLS or auth. `refuseWith` set to a reply code (451: try later,
 * 550: refused for good) answers every MAIL FROM with it, as a server in trouble would.
 */
export interface FakeSmtp {
  port: number;
  received: string[];
  refuseWith: number | null;
  close(): Promise<void>;
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const received: string[] = [];
  const state = { refuseWith: null as number | null };
  const server: Server = createServer((socket) => {
    let inData = false;
    let data = '';
    // A client that dies mid-session (a CMS process killed in the stack tests) resets the connection.
    socket.on('error', () => socket.destroy());
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      for (const line of chunk.toString('utf8').split('\r\n')) {
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(data);
            data = '';
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        if (!line) continue;
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go\r\n');
        } else if (verb === 'MAIL' && state.refuseWith !== null) socket.write(`${state.refuseWith} refused for the test\r\n`);
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    get refuseWith() {
      return state.refuseWith;
    },
    set refuseWith(code: number | null) {
      state.refuseWith = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
