import { ConfigError } from '@madoguchi/platform';
import { loadCardGatewayConfig } from './card-gateway.config';

describe('card-gateway configuration', () => {
  it('defaults to a simulated fresh card, its own database and the MADOGUCHI stream', () => {
    expect(loadCardGatewayConfig({})).toMatchObject({
      READER_ID: 'reader-1',
      CARD_DRIVER: 'simulator',
      SIMULATED_CARD: 'fresh-card',
      PCSC_READER_NAME: 'Virtual PCD 00 00',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/madoguchi_card_gateway',
      JETSTREAM_STREAM: 'MADOGUCHI',
    });
  });

  it('takes a demo card by name and refuses an unknown one', () => {
    expect(loadCardGatewayConfig({ SIMULATED_CARD: 'last-try' }).SIMULATED_CARD).toBe('last-try');
    expect(() => loadCardGatewayConfig({ SIMULATED_CARD: 'gold-card' })).toThrow(ConfigError);
  });

  it('needs a My Number hash key of at least 32 bytes in production, and never echoes it', () => {
    const key = 'ab'.repeat(32);
    expect(
      loadCardGatewayConfig({ NODE_ENV: 'production', MY_NUMBER_HASH_KEY: key }).MY_NUMBER_HASH_KEY,
    ).toBe(key);
    expect(() => loadCardGatewayConfig({ NODE_ENV: 'production' })).toThrow(
      'MY_NUMBER_HASH_KEY: is required in production',
    );
    const short = 'cd'.repeat(16);
    expect(() => loadCardGatewayConfig({ MY_NUMBER_HASH_KEY: short })).toThrow(
      'MY_NUMBER_HASH_KEY: must be hex of at least 32 bytes',
    );
    try {
      loadCardGatewayConfig({ MY_NUMBER_HASH_KEY: short });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});
