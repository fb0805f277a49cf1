import { Logger, type LoggerService } from '@nestjs/common';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { MY_NUMBER_CARD_ATR } from '../protocol/card-files';
import { hexToBytes } from '../protocol/hex';
import type { SimulatedCard } from '../simulator/card-model';
import { OneAtATime } from '../transport/one-at-a-time';
import { frame, VPCD_CONTROL, VPCD_PORT, VpcdFrameReader } from './vpcd-framing';

export interface VirtualCardOptions {
  card: SimulatedCard;
  host?: string;
  port?: number;
  logger?: LoggerService;
}

/**
 * Serves a `SimulatedCard` to pcsc-lite through vsmartcard-vpcd, so integration tests drive the real PC/SC stack
 * (pcscd, the `smartcard` binding, our PC/SC driver) against the same card model the unit tests use.
 * Connecting to vpcd inserts the card in its reader ("Virtual PCD 00 00" on port 35963); closing removes it.
 */
export class VirtualCard {
  private socket: Socket | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly logger: LoggerService;
  /** vpcd sends the next command only after our answer; the queue keeps order when an answer is slow. */
  private readonly answers = new OneAtATime();

  constructor(private readonly options: VirtualCardOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? VPCD_PORT;
    this.logger = options.logger ?? new Logger(VirtualCard.name);
  }

  get card(): SimulatedCard {
    return this.options.card;
  }

  get inserted(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** Connects to vpcd; resolves once connected (pcscd sees the card a moment later). */
  insert(): Promise<void> {
    if (this.inserted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      const frames = new VpcdFrameReader();
      socket.setNoDelay(true);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', (error) => {
          this.logger.warn(`vpcd connection: ${error.message}`);
        });
        this.socket = socket;
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk) => {
        for (const payload of frames.push(chunk)) {
          void this.answers.run(() => this.handle(socket, payload));
        }
      });
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
        this.card.powerOff();
      });
    });
  }

  /** Closes the connection: vpcd reports the card removed. */
  remove(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
    });
  }

  private async handle(socket: Socket, payload: Uint8Array): Promise<void> {
    if (payload.length === 1) {
      this.control(socket, payload[0] ?? -1);
      return;
    }
    const reply = this.card.exchange(payload);
    payload.fill(0);
    if (reply.kind === 'connection-dropped') {
      // The fault "lost after the card counted it": the reader never gets an answer.
      socket.destroy();
      return;
    }
    if (reply.delayMs > 0) await delay(reply.delayMs);
    this.send(socket, reply.response);
  }

  private control(socket: Socket, code: number): void {
    switch (code) {
      case VPCD_CONTROL.powerOff:
        this.card.powerOff();
        return;
      case VPCD_CONTROL.powerOn:
        this.card.powerOn();
        return;
      case VPCD_CONTROL.reset:
        this.card.reset();
        return;
      case VPCD_CONTROL.sendAtr:
        this.send(socket, hexToBytes(MY_NUMBER_CARD_ATR));
        return;
      default:
        this.logger.warn(`vpcd sent an unknown control byte ${code}`);
    }
  }

  private send(socket: Socket, payload: Uint8Array): void {
    // vpcd asks for the ATR again while we close: a closing socket takes no more writes.
    if (socket.destroyed || !socket.writable) return;
    socket.write(frame(payload));
  }
}
