import { Logger } from '@nestjs/common';
import { SimulatedCard } from '../simulator/card-model';
import { DEMO_CARDS, isDemoCardName } from '../simulator/demo-cards';
import { VirtualCard } from './virtual-card';
import { VPCD_PORT } from './vpcd-framing';

/**
 * Serves one demo card to a running pcscd + vsmartcard-vpcd until stopped, for trying the PC/SC driver by hand:
 *   node -r ./scripts/typescript-hook.js apps/card-gateway/src/card/vpcd/serve-virtual-card.ts [demo-card] [port]
 * or `node <tsc output>/serve-virtual-card.js`: it imports nothing through path aliases at run time.
 */
async function main(): Promise<void> {
  const logger = new Logger('virtual-card');
  const [name = 'fresh-card', port = String(VPCD_PORT)] = process.argv.slice(2);
  if (!isDemoCardName(name)) {
    throw new Error(`unknown demo card "${name}"; known: ${Object.keys(DEMO_CARDS).join(', ')}`);
  }
  const virtualCard = new VirtualCard({
    card: new SimulatedCard(DEMO_CARDS[name]),
    port: Number(port),
    logger,
  });
  await virtualCard.insert();
  logger.log(`demo card "${name}" inserted into vpcd on port ${port}; Ctrl-C removes it`);
  const stop = () => {
    void virtualCard.remove().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  new Logger('virtual-card').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
