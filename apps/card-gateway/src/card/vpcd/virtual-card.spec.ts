import { createServer, type Server, type Socket } from 'node:net';
import { bytesToHex, hexToBytes } from '../protocol/hex';
import { SimulatedCard } from '../simulator/card-model';
import { VirtualCard } from './virtual-card';
import { frame, VpcdFrameReader } from './vpcd-framing';

/** Plays vpcd's side of the wire in-process: sends control bytes and APDUs, collects the card's answers. */
class FakeVpcd {
  private readonly server: Server;
  private socket: Socket | undefined;
  private readonly frames = new VpcdFrameReader();
  private readonly waiting: Array<(payload: string) => void> = [];
  readonly connected: Promise<void>;
  closed: Promise<void> = new Promise(() => undefined);

  constructor() {
    this.server = createServer();
    this.connected = new Promise((resolve) => {
      this.server.on('connection', (socket) => {
        this.socket = socket;
        this.closed = new Promise((done) => socket.once('close', () => done()));
        socket.on('data', (chunk) => {
          for (const payload of this.frames.push(chunk)) this.waiting.shift()?.(bytesToHex(payload));
        });
        resolve();
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  /** Sends a payload and resolves with the answer. */
  ask(hex: string): Promise<string> {
    const answer = new Promise<string>((resolve) => this.waiting.push(resolve));
    this.socket?.write(frame(hexToBytes(hex)));
    return answer;
  }

  tell(hex: string): void {
    this.socket?.write(frame(hexToBytes(hex)));
  }

  close(): Promise<void> {
    this.socket?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('VirtualCard (vpcd protocol, against an in-process fake vpcd)', () => {
  let vpcd: FakeVpcd;
  let port: number;

  beforeEach(async () => {
    vpcd = new FakeVpcd();
    port = await vpcd.listen();
  });
  afterEach(() => vpcd.close());

  it('answers the ATR request, power control and APDUs with the card model', async () => {
    const card = new SimulatedCard();
    const virtualCard = new VirtualCard({ card, port });
    await virtualCard.insert();
    await vpcd.connected;
    expect(virtualCard.inserted).toBe(true);
    await expect(vpcd.ask('04')).resolves.toBe('3BE000FF8131FE4514');
    vpcd.tell('01');
    await expect(vpcd.ask('00A4040C0AD392F000260100000001')).resolves.toBe('9000');
    await expect(vpcd.ask('00A4020C020018')).resolves.toBe('9000');
    await expect(vpcd.ask('002000800431323334')).resolves.toBe('9000');
    expect(card.isVerified('user-certificate')).toBe(true);
    vpcd.tell('02');
    // The reset is handled before the next command, which finds no application selected.
    await expect(vpcd.ask('00200080')).resolves.toBe('6986');
    expect(card.isVerified('user-certificate')).toBe(false);
    await virtualCard.remove();
    await vpcd.closed;
    expect(virtualCard.inserted).toBe(false);
  });

  it('drops the connection, unanswered, after a counted verify when told to', async () => {
    const card = new SimulatedCard();
    card.injectFault({ type: 'drop-after-counted-verify' });
    const virtualCard = new VirtualCard({ card, port });
    await virtualCard.insert();
    await vpcd.connected;
    await vpcd.ask('00A4040C0AD392F000260100000001');
    await vpcd.ask('00A4020C020018');
    vpcd.tell('002000800430303030');
    await vpcd.closed;
    expect(card.pin('user-certificate').left).toBe(2);
    expect(virtualCard.inserted).toBe(false);
  });

  it('fails to insert when nothing listens', async () => {
    await vpcd.close();
    await expect(new VirtualCard({ card: new SimulatedCard(), port }).insert()).rejects.toThrow();
  });
});
