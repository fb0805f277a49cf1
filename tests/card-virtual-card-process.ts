import type { PinKind } from '@madoguchi/domain';
import type { LoggerService } from '@nestjs/common';
import {
  type CardFault,
  SimulatedCard,
  type SimulatedCardConfig,
} from '../apps/card-gateway/src/card/simulator/card-model';
import { resetOnIssuerTerminal } from '../apps/card-gateway/src/card/simulator/issuer-terminal';
import { VirtualCard } from '../apps/card-gateway/src/card/vpcd/virtual-card';

/**
 * The vpcd virtual card as its own process, driven by the PC/SC integration test over IPC.
 *
 * It must not share the test's event loop: the `smartcard` binding makes some PC/SC calls synchronously
 * (disconnect, list readers), and pcscd may be waiting on the virtual card (vpcd polls it for presence) while
 * answering them. A card served from the blocked event loop would never answer: a deadlock.
 * Run with `node -r ./scripts/typescript-hook.js tests/card-virtual-card-process.ts`.
 */
export type VirtualCardRequest =
  | { id: number; op: 'insert'; config?: SimulatedCardConfig }
  | { id: number; op: 'reinsert' }
  | { id: number; op: 'remove' }
  | { id: number; op: 'pin'; kind: PinKind }
  | { id: number; op: 'instructions' }
  | { id: number; op: 'inject-fault'; fault: CardFault }
  | { id: number; op: 'reset-on-issuer-terminal'; kind: PinKind; newPin: string };

export type VirtualCardReply =
  { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string };

const quiet: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
let virtualCard: VirtualCard | undefined;

function current(): VirtualCard {
  if (!virtualCard) throw new Error('no card: insert one first');
  return virtualCard;
}

async function handle(request: VirtualCardRequest): Promise<unknown> {
  switch (request.op) {
    case 'insert':
      await virtualCard?.remove();
      virtualCard = new VirtualCard({ card: new SimulatedCard(request.config), logger: quiet });
      return virtualCard.insert();
    case 'reinsert':
      return current().insert();
    case 'remove':
      return virtualCard?.remove();
    case 'pin':
      return { ...current().card.pin(request.kind) };
    case 'instructions':
      return [...current().card.instructionsReceived];
    case 'inject-fault':
      return current().card.injectFault(request.fault);
    case 'reset-on-issuer-terminal':
      return resetOnIssuerTerminal(current().card, request.kind, request.newPin);
  }
}

process.on('message', (request: VirtualCardRequest) => {
  handle(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value } satisfies VirtualCardReply),
    (error: unknown) =>
      process.send?.({
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies VirtualCardReply),
  );
});
// The parent going away (a killed test run) must not leave a card in the reader.
process.on('disconnect', () => {
  void (virtualCard?.remove() ?? Promise.resolve()).then(() => process.exit(0));
});
process.send?.({ id: 0, ok: true, value: 'ready' } satisfies VirtualCardReply);
