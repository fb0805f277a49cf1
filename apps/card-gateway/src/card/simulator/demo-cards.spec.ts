import { CapturingLogger } from '../../../../../tests/card-protocol-suite';
import { MyNumberCard } from '../protocol/my-number-card';
import { SimulatorTransport } from '../transport/simulator-transport';
import { SimulatedCard } from './card-model';
import { DEMO_CARDS, type DemoCardName, isDemoCardName } from './demo-cards';

describe('demo cards', () => {
  const expectations: Record<DemoCardName, { token: string; triesLeft: Record<string, number | null> }> = {
    'fresh-card': {
      token: 'my-number-card',
      triesLeft: {
        'user-certificate': 3,
        'signing-certificate': 5,
        'resident-registry': 3,
        'card-info-input': 3,
      },
    },
    'locked-user-pin': {
      token: 'my-number-card',
      triesLeft: {
        'user-certificate': 0,
        'signing-certificate': 5,
        'resident-registry': 3,
        'card-info-input': 3,
      },
    },
    'last-try': {
      token: 'my-number-card',
      triesLeft: {
        'user-certificate': 3,
        'signing-certificate': 5,
        'resident-registry': 3,
        'card-info-input': 1,
      },
    },
    'no-signing-certificate': {
      token: 'my-number-card',
      triesLeft: {
        'user-certificate': 3,
        'signing-certificate': null,
        'resident-registry': 3,
        'card-info-input': 3,
      },
    },
    'alternate-answers': {
      token: 'my-number-card',
      triesLeft: {
        'user-certificate': 3,
        'signing-certificate': 5,
        'resident-registry': 0,
        'card-info-input': 3,
      },
    },
    'resident-registry-card': {
      token: 'resident-registry-card',
      triesLeft: {
        'user-certificate': 3,
        'signing-certificate': 5,
        'resident-registry': 3,
        'card-info-input': 3,
      },
    },
  };

  it.each(Object.keys(DEMO_CARDS).filter(isDemoCardName))('%s reads as documented', async (name) => {
    const protocol = new MyNumberCard(new SimulatorTransport('r', new SimulatedCard(DEMO_CARDS[name])), {
      logger: new CapturingLogger(),
    });
    await expect(protocol.identify()).resolves.toEqual({
      outcome: 'identified',
      token: expectations[name].token,
    });
    await expect(protocol.readTriesLeft()).resolves.toEqual({
      outcome: 'read',
      triesLeft: expectations[name].triesLeft,
    });
  });

  it('knows its names', () => {
    expect(isDemoCardName('fresh-card')).toBe(true);
    expect(isDemoCardName('toString')).toBe(false);
  });
});
